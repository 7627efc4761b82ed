// Usage help a newcomer needs: --version, "did you mean" for a misspelt command or option, and the valid
// api-versions when the one given is not one.
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { toolVersion } from '../../src/version.js';

async function run(...argv: string[]) {
  const io = memoryIo(process.cwd());
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('usage', () => {
  it.each([['--version'], ['-v']])('%s prints the version', async flag => {
    expect(await run(flag)).toEqual({ code: 0, out: `${toolVersion()}\n`, err: '' });
  });

  it('suggests the command a typo meant', async () => {
    const r = await run('validat', 'rules');
    expect(r.code).toBe(2);
    expect(r.err).toBe('rulectl: unknown command "validat"; did you mean "validate"? (see rulectl --help)\n');
  });

  it('suggests the option a typo meant, among the options of the command', async () => {
    const r = await run('validate', '--fromat', 'json', 'rules');
    expect(r.code).toBe(2);
    expect(r.err).toBe('rulectl: unknown option --fromat; did you mean --format? (see rulectl validate --help)\n');
    const deploy = await run('deploy', '--dryrun');
    expect(deploy.err).toContain('unknown option --dryrun; did you mean --dry-run?');
    const far = await run('validate', '--nothing-like-it', 'rules');
    expect(far.err).toBe('rulectl: unknown option --nothing-like-it (see rulectl validate --help)\n');
  });

  it('lists the valid api-versions for one that is not, and suggests only a spelling of the same date', async () => {
    const far = await run('validate', '--api-version', '2099-01-01', 'rules');
    expect(far.code).toBe(2);
    expect(far.err).not.toContain('did you mean');
    expect(far.err).toMatch(/is not an alertRules api-version; valid: 2020-01-01, .*2024-01-01-preview/);
    const near = await run('build-arm', '--api-version', '2023-02-01-previw');
    expect(near.err).toContain('did you mean "2023-02-01-preview"?');
  });
});
