// `rulectl schemas pull`: the real table schemas of a workspace into schemas/tables/, for the KQL checks.
import path from 'node:path';
import { startEmulator } from '../../emulator/server.js';
import { PullWriteError, writeTableSchemas, type PullResult } from '../../kql/schemas-pull.js';
import { emulatorTrust } from '../connection.js';
import { repositoryRoot } from '../../config/root.js';
import { displayPath } from '../../rules/load.js';
import { listWorkspaceTables, type PulledTable, type TablesAuth } from '../../kql/tables-client.js';
import { UsageError } from '../../errors.js';
import { type Command } from '../command.js';
import { ExitCode } from '../../errors.js';
import { str, withWorkspaceOptions, workspaceFromArgs } from '../workspace-options.js';

export const schemasCommand: Command = {
  command: 'schemas <action>',
  describe: 'Pull the table schemas of a workspace into schemas/tables (used by the KQL checks)',
  builder: y =>
    withWorkspaceOptions(y, 'Read from')
      .positional('action', { choices: ['pull'], describe: 'pull: write one schemas/tables/<Table>.json per table' })
      .option('table', { type: 'string', array: true, describe: 'Only these tables (default: all)' })
      .option('out', {
        type: 'string',
        describe: 'Schemas folder; tables go to <out>/tables (default: the schemas/ folder validate reads)',
      })
      .example('$0 schemas pull --workspace prod', 'Write every table of prod to schemas/tables/')
      .example('$0 schemas pull -w prod --table Syslog --table MyApp_CL', 'Only two tables'),
  async run(args, io) {
    const { workspace: ws } = await workspaceFromArgs(args, io.cwd);
    const target = { subscription: ws.subscription, resourceGroup: ws.resourceGroup, workspace: ws.workspace };
    let tables: PulledTable[];
    try {
      if (ws.emulator === 'embedded') {
        const emu = await startEmulator(ws.data ? { dataFile: path.resolve(io.cwd, ws.data) } : {});
        try {
          tables = await listWorkspaceTables(
            { ...target, endpoint: emu.url },
            { emulator: { ca: emu.ca, token: emu.token } },
          );
        } finally {
          await emu.close();
        }
      } else {
        let auth: TablesAuth;
        if (ws.emulator) {
          auth = { emulator: await emulatorTrust(ws.emulator, str(args['emulator-ca']), io.env, io.cwd) };
        } else {
          // Loaded only for Azure: the identity library is large.
          const { DefaultAzureCredential } = await import('@azure/identity');
          auth = { credential: new DefaultAzureCredential() };
        }
        const endpoint = ws.emulator ?? ws.endpoint;
        tables = await listWorkspaceTables({ ...target, ...(endpoint ? { endpoint } : {}) }, auth);
      }
    } catch (e) {
      if (e instanceof UsageError) throw e;
      io.stderr(
        `rulectl: cannot list the tables of workspace ${ws.workspace}: ${(e as Error).message.split('\n')[0]}\n`,
      );
      return ExitCode.Usage;
    }
    const only = (args.table as string[] | undefined) ?? [];
    // validate reads the schemas/ of the repository it is run on, wherever it is run from: write them there.
    const outArg = str(args.out);
    const out = outArg ? path.resolve(io.cwd, outArg) : path.join(repositoryRoot('.', io.cwd), 'schemas');
    let result: PullResult;
    try {
      result = writeTableSchemas(tables, out, only);
    } catch (e) {
      if (e instanceof PullWriteError)
        throw new UsageError(`cannot write ${displayPath(e.file, io.cwd)}: ${e.message}`);
      throw e;
    }
    const missing = only.filter(n => !tables.some(t => t.name.toLowerCase() === n.toLowerCase()));
    for (const s of result.skipped) io.stderr(`rulectl: skipped table ${JSON.stringify(s.name)}: ${s.reason}\n`);
    for (const n of missing) io.stderr(`rulectl: no table "${n}" in workspace ${ws.workspace}\n`);
    io.stdout(
      `wrote ${result.written.length} table schema(s) to ${displayPath(path.join(out, 'tables'), io.cwd) || '.'}\n`,
    );
    return missing.length ? ExitCode.Usage : ExitCode.Ok;
  },
};
