import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default for `run` is one worker fewer than the cores: a single worker on a 2-core machine.
    maxWorkers: os.availableParallelism(),
    // One process per worker runs many files: a fresh process per file cost about half a CPU-second each (81
    // files), and reloaded Kusto.Language in every KQL test file. The tests keep no global state (no mocks
    // left in place, no process.env or cwd changes), and src/ caches only facts that do not change.
    isolate: false,
  },
});
