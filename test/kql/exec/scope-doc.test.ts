// docs/kql-engine.md is the engine's registry written out; a function added without regenerating it fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { engineScopeMarkdown } from '../../../src/kql/exec/scope.js';
import { evaluatePlugins } from '../../../src/kql/exec/operators/expand.js';
import { aggregateFunctions, scalarFunctions } from '../../../src/kql/exec/registry.js';

test('docs/kql-engine.md lists what the engine registers (regenerate: node scripts/engine-scope.mjs)', () => {
  const doc = readFileSync(path.resolve(import.meta.dirname, '../../../docs/kql-engine.md'), 'utf8');
  expect(doc).toBe(engineScopeMarkdown());
});

test('every scalar function, aggregate and evaluate plugin cites a Kusto documentation page', () => {
  const missing = [...scalarFunctions, ...aggregateFunctions, ...evaluatePlugins].filter(
    ([, f]) => !/^https:\/\/learn\.microsoft\.com\/kusto\/query\//.test(f.doc),
  );
  expect(missing.map(([n]) => n)).toEqual([]);
});
