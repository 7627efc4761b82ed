// Small wording a newcomer reported: help text that contradicts itself, hints with the wrong article.
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { incidentConfiguration } from '../../src/validate/checks/incident-configuration.js';
import { runCheck, yaml } from '../checks/run-check.js';

describe('wording', () => {
  it('import --help does not call a required argument defaulted', async () => {
    const io = memoryIo(process.cwd());
    expect(await runCli(['import', '--help'], io)).toBe(0);
    const line = io.out.split('\n').find(l => l.trimStart().startsWith('files'));
    expect(line).toContain('[required]');
    expect(line).not.toContain('[default');
  });

  it('the hint for an unmapped group-by entity reads right for every type', () => {
    const rule = (type: string) =>
      yaml(
        'incidentConfiguration:',
        '  createIncident: true',
        '  groupingConfiguration:',
        '    enabled: true',
        '    reopenClosedIncident: false',
        '    lookbackDuration: 5h',
        '    matchingMethod: Selected',
        `    groupByEntities: [${type}]`,
      );
    for (const type of ['Account', 'IP', 'Host', 'URL']) {
      const [finding] = runCheck(incidentConfiguration, rule(type));
      expect(finding?.hint).toBe(
        `add an entity mapping of type ${type} to entityMappings, or remove ${type} from groupByEntities`,
      );
    }
  });
});
