// Reads a Log Analytics workspace's table schemas through @azure/arm-operationalinsights (Tables - List By Workspace).
import { OperationalInsightsManagementClient } from '@azure/arm-operationalinsights';
import { failFast, staticToken } from '../deploy/client.js';

type TokenCredential = ConstructorParameters<typeof OperationalInsightsManagementClient>[0];

export interface TablesTarget {
  subscription: string;
  resourceGroup: string;
  workspace: string;
  /** ARM endpoint (sovereign clouds) or an emulator URL. */
  endpoint?: string;
}

export type TablesAuth = { credential: TokenCredential } | { emulator: { ca: string; token: string } };

export interface PulledTable {
  name: string;
  columns: { name: string; type: string }[];
}

/** Every table of the workspace with its columns (custom columns first, then the standard ones). */
export async function listWorkspaceTables(target: TablesTarget, auth: TablesAuth): Promise<PulledTable[]> {
  const endpoint = target.endpoint ?? 'https://management.azure.com';
  const emulator = 'emulator' in auth ? auth.emulator : undefined;
  const credential = emulator ? staticToken(emulator.token) : 'credential' in auth ? auth.credential : undefined;
  if (!credential) throw new Error('internal: listWorkspaceTables needs a credential');
  const client = new OperationalInsightsManagementClient(credential, target.subscription, {
    endpoint,
    $host: endpoint,
    // Trust exactly the emulator's CA for this client; TLS checks stay on everywhere else.
    ...(emulator ? { tlsOptions: { ca: emulator.ca } } : {}),
    userAgentOptions: { userAgentPrefix: 'rulectl' },
  });
  client.pipeline.addPolicy(failFast(Boolean(emulator)), { afterPhase: 'Retry' });
  const out: PulledTable[] = [];
  for await (const table of client.tables.listByWorkspace(target.resourceGroup, target.workspace)) {
    const name = table.schema?.name ?? table.name;
    if (!name) continue;
    const columns = [...(table.schema?.columns ?? []), ...(table.schema?.standardColumns ?? [])]
      .filter(c => c.name)
      .map(c => ({ name: c.name ?? '', type: c.type ?? 'string' }));
    out.push({ name, columns });
  }
  return out;
}
