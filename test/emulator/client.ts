// A tiny HTTPS client for the emulator tests: trusts exactly the emulator's certificate, keeps order of keys.
import https from 'node:https';
import type { RunningEmulator } from '../../src/emulator/server.js';

export interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // Parsed response JSON, asserted field by field in the tests.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export const SUB = '00000000-0000-0000-0000-000000000001';
export const WS_PATH = `/subscriptions/${SUB}/resourceGroups/rg-soc/providers/Microsoft.OperationalInsights/workspaces/ws-one`;
export const RULES = `${WS_PATH}/providers/Microsoft.SecurityInsights/alertRules`;
export const METADATA = `${WS_PATH}/providers/Microsoft.SecurityInsights/metadata`;

export function request(
  emu: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const url = new URL(path, emu.url);
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        ca: emu.ca,
        agent: false,
        headers: {
          authorization: `Bearer ${emu.token}`,
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
      },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A valid Scheduled rule body (the shape of EX-2024-09-01/CreateScheduledAlertRule, trimmed). */
export function scheduled(overrides: Record<string, unknown> = {}): {
  kind: string;
  properties: Record<string, unknown>;
} {
  return {
    kind: 'Scheduled',
    properties: {
      displayName: 'My scheduled rule',
      description: 'An example for a scheduled rule',
      severity: 'High',
      enabled: true,
      tactics: ['Persistence', 'LateralMovement'],
      query: 'Heartbeat',
      queryFrequency: 'PT1H',
      queryPeriod: 'P2DT1H30M',
      triggerOperator: 'GreaterThan',
      triggerThreshold: 0,
      suppressionDuration: 'PT1H',
      suppressionEnabled: false,
      ...overrides,
    },
  };
}

export const ruleUrl = (id: string, version = '2024-01-01-preview'): string => `${RULES}/${id}?api-version=${version}`;
