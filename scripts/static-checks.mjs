// The static half of `npm test`: the type check, eslint and prettier at once. Each uses about one core, so on a
// two-core machine this takes as long as eslint alone instead of the three in a row. Output is printed per check,
// after it ends, so the three never interleave; the exit code is 1 when any of them failed.
import { spawn } from 'node:child_process';

const SCRIPTS = ['typecheck', 'lint', 'format:check'];

function run(script) {
  return new Promise(resolve => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', d => (output += d));
    child.stderr.on('data', d => (output += d));
    child.on('error', e => resolve({ script, code: 1, output: `${output}${e.message}\n` }));
    child.on('close', code => resolve({ script, code, output }));
  });
}

const results = await Promise.all(SCRIPTS.map(run));
for (const { script, code, output } of results) {
  process.stdout.write(`${code === 0 ? 'ok' : 'FAILED'}: npm run ${script}\n${output}`);
}
const failed = results.filter(r => r.code !== 0).map(r => r.script);
if (failed.length) {
  process.stderr.write(`static checks failed: ${failed.join(', ')}\n`);
  process.exitCode = 1;
}
