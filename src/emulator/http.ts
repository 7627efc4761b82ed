// HTTP plumbing shared by the handlers: ARM-style headers, JSON bodies and the CloudError shape.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A failure answered with the service's error body `{"error":{"code","message"}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, code = 'BadRequest'): ApiError => new ApiError(400, code, message);

/** What a handler returns: a status, a JSON body (omitted for 204) and extra headers. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024; // ARM's request size limit

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES)
      throw new ApiError(413, 'RequestEntityTooLarge', 'The request content size exceeds the limit of 4 MB.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a JSON request body; ARM answers malformed JSON with InvalidRequestContent. */
export function parseJson(text: string): unknown {
  if (text.trim() === '')
    throw badRequest('The request content was invalid: the body is empty.', 'InvalidRequestContent');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw badRequest(
      `The request content was invalid and could not be deserialized: '${(e as Error).message}'.`,
      'InvalidRequestContent',
    );
  }
}

export function send(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
  const requestId = randomUUID();
  const headers: Record<string, string> = {
    'Cache-Control': 'no-cache',
    Pragma: 'no-cache',
    Expires: '-1',
    'x-ms-request-id': requestId,
    'x-ms-correlation-request-id': headerOf(req, 'x-ms-client-request-id') ?? requestId,
    'x-ms-routing-request-id': `LOCAL:${new Date().toISOString().replace(/[-:.]/g, '')}:${requestId}`,
    ...reply.headers,
  };
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  headers['Content-Type'] = 'application/json; charset=utf-8';
  headers['Content-Length'] = String(Buffer.byteLength(text));
  res.writeHead(reply.status, headers);
  res.end(text);
}

export function errorReply(error: ApiError): Reply {
  return {
    status: error.status,
    body: { error: { code: error.code, message: error.message } },
    headers: error.headers,
  };
}

export function headerOf(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
