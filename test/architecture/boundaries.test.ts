// The layer boundaries of eslint.config.js bite: an import from src/deploy into src/cli (or the emulator) is reported.
// That the tree as it is has none is npm test's eslint run over the whole tree (scripts/static-checks.mjs); linting it
// a second time here cost about 20 s. Only the two boundary rules run, without type information, so this stays fast.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BOUNDARY_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

function boundaryLint(): ESLint {
  return new ESLint({
    cwd: root,
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
    ruleFilter: ({ ruleId }) => BOUNDARY_RULES.has(ruleId),
  });
}

describe('layer boundaries', () => {
  it('reports a file in src/deploy that imports src/cli or loads the emulator', async () => {
    const probe = path.join(root, 'src', 'deploy', `boundary-probe-${process.pid}.ts`);
    await writeFile(
      probe,
      [
        "import type { CliIo } from '../cli/io.js';",
        "import { ExitCode } from '../errors.js';",
        'export async function probe(io: CliIo) {',
        "  const server = await import('../emulator/server.js');",
        '  return [io, server, ExitCode.Ok];',
        '}',
        '',
      ].join('\n'),
    );
    try {
      const [result] = await boundaryLint().lintFiles([probe]);
      const found = (result?.messages ?? []).map(m => `${m.line}:${m.ruleId}:${m.message}`);
      expect(found).toEqual([
        expect.stringMatching(/^1:no-restricted-imports:.*only src\/cli imports src\/cli/),
        expect.stringMatching(/^4:no-restricted-syntax:.*does not import src\/emulator\//),
      ]);
    } finally {
      await rm(probe, { force: true });
    }
  });

  it('reports src/cli imported from another core folder (src/kql/exec) but not from inside src/cli', async () => {
    const eslint = boundaryLint();
    const code = "import { memoryIo } from '../../cli/io.js';\nexport const io = memoryIo;\n";
    const [exec] = await eslint.lintText(code, { filePath: path.join(root, 'src/kql/exec/probe.ts') });
    expect(exec?.messages.map(m => m.ruleId)).toEqual(['no-restricted-imports']);
    const [cli] = await eslint.lintText(code, { filePath: path.join(root, 'src/cli/commands/probe.ts') });
    expect(cli?.messages).toEqual([]);
  });
});
