// alertRuleTemplates: LIST (paged) and GET, read-only, the same templates in every workspace.
import type { Reply } from '../http.js';
import type { RequestContext } from '../context.js';
import { page } from '../paging.js';
import { resourceId } from '../routes.js';
import type { TemplateResource } from '../templates.js';
import { methodNotAllowed, notFound } from './alert-rules.js';

function render(ctx: RequestContext, t: TemplateResource): Record<string, unknown> {
  return {
    id: resourceId(ctx.route, 'alertRuleTemplates', t.name),
    name: t.name,
    type: 'Microsoft.SecurityInsights/AlertRuleTemplates',
    kind: t.kind,
    properties: t.properties,
  };
}

export function handleAlertRuleTemplates(ctx: RequestContext, method: string): Promise<Reply> {
  if (method !== 'GET') throw methodNotAllowed(method);
  const name = ctx.route.name;
  if (name === undefined)
    return Promise.resolve({
      status: 200,
      body: page(
        ctx,
        ctx.templates.map(t => render(ctx, t)),
      ),
    });
  const found = ctx.templates.find(t => t.name.toLowerCase() === name.toLowerCase());
  if (!found) throw notFound(name, 'Alert rule template');
  return Promise.resolve({ status: 200, body: render(ctx, found) });
}
