// Maps a request path onto the resources the emulator serves; literal segments match case-insensitively, as in ARM.

export type Collection = 'alertRules' | 'alertRuleTemplates' | 'metadata' | 'tables';

export interface WorkspaceRef {
  subscription: string;
  resourceGroup: string;
  workspace: string;
}

export interface Route extends WorkspaceRef {
  collection: Collection;
  /** The resource name, or undefined for the collection itself (LIST). */
  name?: string;
}

const WORKSPACE_PREFIX = [
  'subscriptions',
  null,
  'resourcegroups',
  null,
  'providers',
  'microsoft.operationalinsights',
  'workspaces',
  null,
];

export function parseRoute(pathname: string): Route | undefined {
  const parts = pathname.split('/').slice(1);
  if (parts.at(-1) === '') parts.pop();
  let segments: string[];
  try {
    segments = parts.map(p => decodeURIComponent(p));
  } catch {
    return undefined;
  }
  if (segments.length < WORKSPACE_PREFIX.length + 1) return undefined;
  for (const [i, literal] of WORKSPACE_PREFIX.entries()) {
    const seg = segments[i] ?? '';
    if (literal === null ? seg === '' : seg.toLowerCase() !== literal) return undefined;
  }
  const [, subscription = '', , resourceGroup = '', , , , workspace = ''] = segments;
  const rest = segments.slice(WORKSPACE_PREFIX.length);
  const lower = rest.map(s => s.toLowerCase());
  let collection: Collection;
  let nameIndex: number;
  if (lower[0] === 'tables') {
    collection = 'tables';
    nameIndex = 1;
  } else if (lower[0] === 'providers' && lower[1] === 'microsoft.securityinsights') {
    if (lower[2] === 'alertrules') collection = 'alertRules';
    else if (lower[2] === 'alertruletemplates') collection = 'alertRuleTemplates';
    else if (lower[2] === 'metadata') collection = 'metadata';
    else return undefined;
    nameIndex = 3;
  } else return undefined;
  if (rest.length > nameIndex + 1) return undefined;
  const name = rest[nameIndex];
  if (name === '') return undefined;
  return { subscription, resourceGroup, workspace, collection, ...(name === undefined ? {} : { name }) };
}

/** The canonical id of a resource, in the service's spelling (not the client's casing). */
export function resourceId(ws: WorkspaceRef, collection: Collection, name: string): string {
  const root = `/subscriptions/${ws.subscription}/resourceGroups/${ws.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${ws.workspace}`;
  return collection === 'tables'
    ? `${root}/tables/${name}`
    : `${root}/providers/Microsoft.SecurityInsights/${collection}/${name}`;
}
