// CLI end to end: every folder in test/golden/validate/ is one `rulectl validate` scenario, run in-process with the
// case folder as cwd, compared with its expected files. `UPDATE_GOLDEN=1` rewrites them; review the diff.
//   case.json            {"args": [...], "formats": ["stylish", "json", "github", "sarif"]} (formats default: all four)
//   input/               the rule files the args name
//   expected.<format>.*  stdout per format (.txt, or .json for json and sarif)
//   expected.exit.txt    `<format> <exit code>` per line;  expected.stderr.txt  stderr, when any (same for all formats)
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../src/cli/io.js';
import { runCli } from '../src/cli/main.js';

const root = path.join(import.meta.dirname, 'golden/validate');
const update = process.env.UPDATE_GOLDEN === '1';
const ALL_FORMATS = ['stylish', 'json', 'github', 'sarif'];

interface Case {
  args: string[];
  formats?: string[];
}

const outputName = (format: string) => `expected.${format}.${format === 'json' || format === 'sarif' ? 'json' : 'txt'}`;

function golden(dir: string, name: string, actual: string): void {
  const file = path.join(dir, name);
  if (update) writeFileSync(file, actual);
  else
    expect(actual, `${path.basename(dir)}/${name}`).toBe(existsSync(file) ? readFileSync(file, 'utf8') : '<missing>');
}

const cases = readdirSync(root, { withFileTypes: true })
  .filter(e => e.isDirectory())
  .map(e => e.name)
  .sort();

describe('rulectl validate golden scenarios', () => {
  it('has scenarios', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5);
  });

  it.each(cases)('%s', async name => {
    const dir = path.join(root, name);
    const spec = JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8')) as Case;
    const exits: string[] = [];
    const stderrs = new Set<string>();
    for (const format of spec.formats ?? ALL_FORMATS) {
      const io = memoryIo(dir);
      const code = await runCli(['validate', ...spec.args, '--format', format], io);
      exits.push(`${format} ${code}`);
      stderrs.add(io.err);
      golden(dir, outputName(format), io.out);
    }
    golden(dir, 'expected.exit.txt', exits.join('\n') + '\n');
    expect([...stderrs], 'stderr is the same whatever the format').toHaveLength(1);
    const [stderr = ''] = stderrs;
    expect(stderr).not.toMatch(/\n\s+at /);
    if (stderr || existsSync(path.join(dir, 'expected.stderr.txt'))) golden(dir, 'expected.stderr.txt', stderr);
  });
});
