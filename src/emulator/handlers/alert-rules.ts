// alertRules: PUT (201 new / 200 update), GET, LIST (paged), DELETE (200 {} / 204 when absent), per api-version.
import { apiVersionFacts, type ApiVersionFacts } from '../../api/versions.js';
import { ApiError, type Reply } from '../http.js';
import type { RequestContext } from '../context.js';
import { page } from '../paging.js';
import { renderRule } from '../rule-shape.js';
import { newEtag, nowUtc, storeKey } from '../store.js';
import { acceptRule } from '../validation.js';
import { checkEtag } from './etag.js';

export async function handleAlertRules(ctx: RequestContext, method: string): Promise<Reply> {
  // The caller has checked that the version exists.
  const facts = apiVersionFacts(ctx.apiVersion) as ApiVersionFacts;
  const ws = ctx.store.workspace(ctx.route);
  const name = ctx.route.name;
  if (name === undefined) {
    if (method !== 'GET') throw methodNotAllowed(method);
    // A stable version does not return kinds it cannot describe (NRT): docs/api-contract.md §1.2 [INFERRED from
    // azure-sdk-for-python#39996; whether the RP or the SDK filters is not proven].
    const rules = [...ws.rules.values()].filter(r => facts.kinds.includes(r.kind));
    return {
      status: 200,
      body: page(
        ctx,
        rules.map(r => renderRule(r, ws.ref, facts)),
      ),
    };
  }
  const existing = ws.rules.get(storeKey(name));
  if (method === 'GET') {
    if (!existing || !facts.kinds.includes(existing.kind)) throw notFound(name);
    return { status: 200, body: renderRule(existing, ws.ref, facts) };
  }
  if (method === 'DELETE') {
    if (!existing) return { status: 204 };
    ws.rules.delete(storeKey(name));
    await ctx.persist();
    return { status: 200, body: {} };
  }
  if (method !== 'PUT') throw methodNotAllowed(method);
  const body = await ctx.body();
  const accepted = acceptRule(body, facts);
  checkEtag(ctx, body, existing?.etag, `alert rule '${name}'`);
  if (existing && existing.kind !== accepted.kind)
    throw new ApiError(400, 'BadRequest', `Alert Rule with Resource Name '${name}' is already exist`); // sic, docs/api-contract.md §4.6
  const rule = {
    name: existing?.name ?? name,
    kind: accepted.kind,
    etag: newEtag(),
    properties: accepted.properties,
    lastModifiedUtc: nowUtc(),
  };
  ws.rules.set(storeKey(name), rule);
  ctx.countRuleWrite(rule.name);
  await ctx.persist();
  return { status: existing ? 200 : 201, body: renderRule(rule, ws.ref, facts) };
}

export function notFound(name: string, what = 'Alert rule'): ApiError {
  return new ApiError(404, 'NotFound', `${what} '${name}' was not found.`); // text [UNVERIFIED], docs/api-contract.md §7.1
}

export function methodNotAllowed(method: string): ApiError {
  return new ApiError(405, 'MethodNotAllowed', `The requested resource does not support http method '${method}'.`);
}
