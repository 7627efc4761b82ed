// Log data for `rulectl start`'s survey step: a few hours of events, ending at `end`, that the bundled rules/ react
// to (encoded PowerShell twice, one password spray, one privileged role assignment), plus noise they ignore.
import { tableFromRecords, type DataSet } from '../kql/exec/data.js';
import type { SchemaSet } from '../kql/schemas.js';
import type { LogsStore } from '../emulator/logs-query.js';

const MINUTE = 60_000;

export function demoLogs(end: number, schemas: Pick<SchemaSet, 'tables' | 'functions'>): LogsStore {
  const at = (minutesAgo: number) => new Date(end - minutesAgo * MINUTE).toISOString();
  const process = (minutesAgo: number, file: string, commandLine: string) => ({
    TimeGenerated: at(minutesAgo),
    DeviceName: 'ws-7.contoso.com',
    DeviceId: 'a1b2c3',
    AccountName: 'bob',
    AccountDomain: 'contoso',
    FileName: file,
    ProcessCommandLine: commandLine,
    InitiatingProcessFileName: 'explorer.exe',
  });
  const signIns = Array.from({ length: 40 }, (_, i) => ({
    TimeGenerated: at(300 - i),
    UserPrincipalName: `user${i % 24}@contoso.com`,
    IPAddress: i < 30 ? '203.0.113.7' : '198.51.100.9',
    AppDisplayName: 'Azure Portal',
    ResultType: i % 10 === 9 ? '0' : '50126',
  }));
  const records: Record<string, Record<string, unknown>[]> = {
    DeviceProcessEvents: [
      process(150, 'powershell.exe', 'powershell.exe -enc SQBFAFgA'),
      process(130, 'cmd.exe', 'cmd.exe /c whoami'),
      process(420, 'pwsh.exe', 'pwsh.exe -EncodedCommand JABzAD0A'),
    ],
    SigninLogs: signIns,
    // An ASIM parser has no schema here: a row that matches no rule gives it its columns.
    imFileEvent: [
      {
        TimeGenerated: at(600),
        EventType: 'FileCreated',
        ActingProcessName: 'explorer.exe',
        TargetFileName: 'notes.txt',
        ActorUsername: 'bob',
        DvcHostname: 'ws-1',
      },
    ],
    AuditLogs: [
      {
        TimeGenerated: at(180.5),
        OperationName: 'Add member to role',
        Result: 'success',
        TargetResources: [
          {
            userPrincipalName: 'eve@contoso.com',
            modifiedProperties: [
              { displayName: 'Role.ObjectID', newValue: '62e90394' },
              { displayName: 'Role.DisplayName', newValue: 'Global Administrator' },
            ],
          },
        ],
        InitiatedBy: { user: { userPrincipalName: 'admin@contoso.com', ipAddress: '198.51.100.4' } },
      },
    ],
  };
  const byName = new Map(schemas.tables.map(t => [t.name.toLowerCase(), t.columns]));
  const data: DataSet = { tables: new Map(), watchlists: new Map() };
  for (const [name, rows] of Object.entries(records))
    data.tables.set(name, tableFromRecords(rows, byName.get(name.toLowerCase()), `generated ${name}`));
  return { data, schemas };
}
