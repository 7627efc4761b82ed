// Sentinel metadata (content ownership, as Sentinel Repositories records it): properties stored verbatim.
import { badRequest, type Reply } from '../http.js';
import type { RequestContext } from '../context.js';
import { page } from '../paging.js';
import { resourceId, type WorkspaceRef } from '../routes.js';
import { newEtag, storeKey, type StoredMetadata } from '../store.js';
import { isObject } from '../value-checks.js';
import { checkEtag } from './etag.js';
import { methodNotAllowed, notFound } from './alert-rules.js';
import { metadataFilter } from './metadata-filter.js';

function render(item: StoredMetadata, ws: WorkspaceRef): Record<string, unknown> {
  return {
    id: resourceId(ws, 'metadata', item.name),
    name: item.name,
    etag: item.etag,
    type: 'Microsoft.SecurityInsights/metadata',
    properties: item.properties,
  };
}

export async function handleMetadata(ctx: RequestContext, method: string): Promise<Reply> {
  const ws = ctx.store.workspace(ctx.route);
  const name = ctx.route.name;
  if (name === undefined) {
    if (method !== 'GET') throw methodNotAllowed(method);
    const keep = metadataFilter(ctx.url.searchParams.get('$filter'));
    const items = [...ws.metadata.values()].filter(m => keep(m.properties));
    return {
      status: 200,
      body: page(
        ctx,
        items.map(m => render(m, ws.ref)),
      ),
    };
  }
  const existing = ws.metadata.get(storeKey(name));
  if (method === 'GET') {
    if (!existing) throw notFound(name, 'Metadata');
    return { status: 200, body: render(existing, ws.ref) };
  }
  if (method === 'DELETE') {
    if (!existing) return { status: 204 };
    ws.metadata.delete(storeKey(name));
    await ctx.persist();
    return { status: 200, body: {} };
  }
  if (method !== 'PUT') throw methodNotAllowed(method);
  const body = await ctx.body();
  const properties = isObject(body) ? body.properties : undefined;
  if (!isObject(properties)) throw badRequest('Invalid data model. [properties: The Properties field is required.]');
  // The service's MetadataProperties require parentId and kind (SDK model MetadataModel).
  const missing = ['parentId', 'kind'].filter(k => typeof properties[k] !== 'string' || properties[k] === '');
  if (missing.length)
    throw badRequest(
      `Invalid data model. [${missing.map(k => `properties.${k}: The ${k} field is required.`).join(', ')}]`,
    );
  checkEtag(ctx, body, existing?.etag, `metadata '${name}'`);
  const item = { name: existing?.name ?? name, etag: newEtag(), properties };
  ws.metadata.set(storeKey(name), item);
  await ctx.persist();
  return { status: existing ? 200 : 201, body: render(item, ws.ref) };
}
