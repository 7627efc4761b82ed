// Log Analytics tables (for `rulectl schemas pull`), in the shape @azure/arm-operationalinsights v9 parses.
import { badRequest, type Reply } from '../http.js';
import type { RequestContext } from '../context.js';
import { resourceId, type WorkspaceRef } from '../routes.js';
import { storeKey, type StoredTable } from '../store.js';
import { isObject } from '../value-checks.js';
import { methodNotAllowed, notFound } from './alert-rules.js';

function render(table: StoredTable, ws: WorkspaceRef): Record<string, unknown> {
  return {
    id: resourceId(ws, 'tables', table.name),
    name: table.name,
    type: 'Microsoft.OperationalInsights/workspaces/tables',
    properties: {
      retentionInDays: 30,
      totalRetentionInDays: 30,
      plan: 'Analytics',
      provisioningState: 'Succeeded',
      // Columns the emulator was given are the table's own; it invents no standard columns.
      schema: { name: table.name, columns: table.columns, standardColumns: [] },
    },
  };
}

function toColumn(c: unknown): { name: string; type: string } | undefined {
  if (!isObject(c) || typeof c.name !== 'string' || c.name === '' || typeof c.type !== 'string') return undefined;
  return { name: c.name, type: c.type };
}

export async function handleTables(ctx: RequestContext, method: string): Promise<Reply> {
  const ws = ctx.store.workspace(ctx.route);
  const name = ctx.route.name;
  if (name === undefined) {
    if (method !== 'GET') throw methodNotAllowed(method);
    // TablesListResult is not pageable in the SDK: one page, always.
    return { status: 200, body: { value: [...ws.tables.values()].map(t => render(t, ws.ref)) } };
  }
  const existing = ws.tables.get(storeKey(name));
  if (method === 'GET') {
    if (!existing) throw notFound(name, 'Table');
    return { status: 200, body: render(existing, ws.ref) };
  }
  if (method !== 'PUT') throw methodNotAllowed(method);
  const body = await ctx.body();
  const schema = isObject(body) && isObject(body.properties) ? body.properties.schema : undefined;
  const list: unknown = isObject(schema) ? schema.columns : undefined;
  const columns = Array.isArray(list) ? list.map(toColumn) : [undefined];
  if (columns.some(c => c === undefined))
    throw badRequest('properties.schema.columns must be a list of {name, type} objects.', 'InvalidParameter');
  const table = { name: existing?.name ?? name, columns: columns.filter(c => c !== undefined) };
  ws.tables.set(storeKey(name), table);
  await ctx.persist();
  return { status: existing ? 200 : 201, body: render(table, ws.ref) };
}
