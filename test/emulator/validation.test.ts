// Server-side validation and api-version awareness (docs/api-contract.md §1.2-1.3, §2, §4.6). Texts marked VAL/FIELD are
// the service's; the rest are the emulator's own wording in the same wrapper ([INFERRED]).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { request, ruleUrl, scheduled, RULES } from './client.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

async function rejected(body: unknown, version = '2025-09-01'): Promise<string> {
  const r = await request(emu, 'PUT', ruleUrl('rule-v', version), body);
  expect(r.status).toBe(400);
  expect(r.json.error.code).toBe('BadRequest');
  return r.json.error.message as string;
}

const nrt = (extra: Record<string, unknown> = {}) => {
  const { properties } = scheduled(extra);
  for (const k of ['queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold']) delete properties[k];
  return { kind: 'NRT', properties: { ...properties, ...extra } };
};

describe('model validation: Invalid data model. [...]', () => {
  it('names missing required properties', async () => {
    const body = scheduled({ query: undefined, triggerThreshold: undefined });
    expect(await rejected(body)).toBe(
      'Invalid data model. [properties.query: The Query field is required., properties.triggerThreshold: The TriggerThreshold field is required.]',
    );
  });

  it('refuses values outside the enums of the version', async () => {
    expect(await rejected(scheduled({ severity: 'Critical' }))).toMatch(
      /\[properties\.severity: The value 'Critical' is not valid for Severity\. Valid values are: Informational, Low, Medium, High\.\]/,
    );
    expect(await rejected(scheduled({ triggerOperator: 'gt' }))).toMatch(
      /properties\.triggerOperator: The value 'gt' is not valid/,
    );
    expect(await rejected(scheduled({ tactics: ['Recon'] }))).toMatch(
      /properties\.tactics\[0\]: The value 'Recon' is not valid for Tactics/,
    );
    // Reconnaissance is not one of the 13 tactics of 2021-10-01 (docs/api-contract.md §2.5).
    expect(await rejected(scheduled({ tactics: ['Reconnaissance'], queryPeriod: 'PT1H' }), '2021-10-01')).toMatch(
      /'Reconnaissance' is not valid/,
    );
  });

  it('enforces duration ranges and ISO spelling', async () => {
    expect(await rejected(scheduled({ queryFrequency: 'PT1M', queryPeriod: 'PT1H' }))).toContain(
      'properties.queryFrequency: The field QueryFrequency must be between PT5M and P14D.',
    );
    expect(await rejected(scheduled({ queryPeriod: 'P15D' }))).toContain(
      'The field QueryPeriod must be between PT5M and P14D.',
    );
    expect(await rejected(scheduled({ queryFrequency: '5m' }))).toContain(
      "The value '5m' is not valid for QueryFrequency",
    );
  });

  it('applies the cross-field rules with the VAL texts', async () => {
    expect(await rejected(scheduled({ queryFrequency: 'PT2H', queryPeriod: 'PT1H' }))).toBe(
      "Invalid data model. [: Invalid Properties for Scheduled alert rule: 'queryPeriod' should be greater than or equal to 'queryFrequency']",
    );
    expect(await rejected(scheduled({ queryFrequency: 'PT30M', queryPeriod: 'P2D' }))).toBe(
      "Invalid data model. [: Invalid Properties for Scheduled alert rule: When 'queryPeriod' greater than or equal to 2 days, the 'queryFrequency' should be greater than or equal to 1 hour.]",
    );
    // Suppression vs frequency: Terraform/AzSentinel text, service enforcement [INFERRED].
    expect(await rejected(scheduled({ suppressionEnabled: true, suppressionDuration: 'PT30M' }))).toContain(
      "'suppressionDuration' should be greater than or equal to 'queryFrequency'",
    );
  });

  it('checks the threshold range and type', async () => {
    expect(await rejected(scheduled({ triggerThreshold: 10001 }))).toContain(
      'The field TriggerThreshold must be between 0 and 10000.',
    );
    expect(await rejected(scheduled({ triggerThreshold: 1.5 }))).toContain('an integer is expected');
  });

  it('refuses templateVersion without alertRuleTemplateName (FIELD text)', async () => {
    expect(await rejected(scheduled({ templateVersion: '1.0.0' }))).toBe(
      "Invalid data model. [: Invalid Properties for alert rule: 'templateVersion' can only be used if 'alertRuleTemplateName' is not empty.]",
    );
    const ok = await request(
      emu,
      'PUT',
      ruleUrl('rule-tv'),
      scheduled({ templateVersion: '1.0.0', alertRuleTemplateName: 'b3c2e4f1-0000-4000-8000-000000000001' }),
    );
    expect(ok.status).toBe(201);
  });

  it('refuses a templateVersion that is not a.b.c (VAL regex; .NET RegularExpression wording [INFERRED])', async () => {
    const template = { alertRuleTemplateName: 'b3c2e4f1-0000-4000-8000-000000000001' };
    for (const templateVersion of ['1.0', 'v1.0.0', '1.0.0.1', '1.0.0 '])
      expect(await rejected(scheduled({ ...template, templateVersion }))).toBe(
        "Invalid data model. [properties.templateVersion: The field TemplateVersion must match the regular expression '^(\\d+\\.)(\\d+\\.)(\\d+)$'.]",
      );
  });

  it('refuses a blank query (docs/api-contract.md §2.2: 1-10,000 chars; .NET Required wording [INFERRED])', async () => {
    for (const query of ['', '  \n '])
      expect(await rejected(scheduled({ query }))).toBe(
        'Invalid data model. [properties.query: The Query field is required.]',
      );
  });

  it('refuses sub-techniques in techniques (ISSUE Azure-Sentinel#8960 / #4287)', async () => {
    expect(await rejected(scheduled({ techniques: ['T1071', 'T1071.001'] }))).toBe(
      "Invalid data model. [ The technique 'T1071.001' is invalid. The expected format is 'T####', where # represents a digit.]",
    );
  });

  it('counts entity mappings (1-10) and field mappings (1-3) with the VAL texts', async () => {
    const em = (n: number) => ({
      entityType: 'Host',
      fieldMappings: Array.from({ length: n }, (_, i) => ({ identifier: `HostName${i}`, columnName: 'Computer' })),
    });
    expect(await rejected(scheduled({ entityMappings: [em(4)] }))).toContain(
      "Invalid length of '4' for 'FieldMappings'. 'FieldMappings' length should be between '1' and '3'",
    );
    expect(await rejected(scheduled({ entityMappings: Array.from({ length: 11 }, () => em(1)) }))).toContain(
      "Invalid length of '11' for 'EntityMappings'",
    );
    expect(await rejected(scheduled({ entityMappings: [{ entityType: 'IoTDevice', fieldMappings: [] }] }))).toMatch(
      /IoTDevice' is not valid for EntityType.*'0' for 'FieldMappings'/,
    );
  });

  it('checks identifiers per entity type (VAL EntityMappingIdentifiers texts)', async () => {
    const mapping = (type: string, ...ids: string[]) => ({
      entityType: type,
      fieldMappings: ids.map(identifier => ({ identifier, columnName: 'Col' })),
    });
    expect(await rejected(scheduled({ entityMappings: [mapping('IP', 'Adress')] }))).toBe(
      "Invalid data model. [properties.entityMappings[0].fieldMappings: Invalid identifier 'Adress' for entity type 'IP' encountered. Valid identifiers are: [Address], properties.entityMappings[0].fieldMappings: Missing required identifiers in 'FieldMappings' for type 'IP'. Required identifiers are one of the following combinations: [Address]]",
    );
    expect(await rejected(scheduled({ entityMappings: [mapping('FileHash', 'Algorithm', 'Algorithm')] }))).toMatch(
      /Identifier 'Algorithm' is defined multiple times\. .*one of the following combinations: \[Algorithm, Value\]\]$/,
    );
    const ok = await request(
      emu,
      'PUT',
      ruleUrl('rule-em'),
      scheduled({ entityMappings: [mapping('Account', 'Name', 'UPNSuffix'), mapping('Host', 'HostName')] }),
    );
    expect(ok.status).toBe(201);
  });

  it('checks incident grouping: Selected needs something to group by', async () => {
    const ic = {
      createIncident: true,
      groupingConfiguration: {
        enabled: true,
        reopenClosedIncident: false,
        lookbackDuration: 'PT5H',
        matchingMethod: 'Selected',
      },
    };
    expect(await rejected(scheduled({ incidentConfiguration: ic }))).toContain("When 'matchingMethod' is 'Selected'");
    const ok = await request(
      emu,
      'PUT',
      ruleUrl('rule-ic'),
      scheduled({
        incidentConfiguration: {
          ...ic,
          groupingConfiguration: { ...ic.groupingConfiguration, groupByEntities: ['Host'] },
        },
      }),
    );
    expect(ok.status).toBe(201);
    expect(ok.json.properties.incidentConfiguration.groupingConfiguration).toMatchObject({
      groupByEntities: ['Host'],
      groupByAlertDetails: null,
      groupByCustomDetails: null,
    });
  });

  it('returns durations in the canonical TimeSpan spelling (PT24H -> P1D) [INFERRED, docs/api-contract.md §4.2]', async () => {
    const r = await request(
      emu,
      'PUT',
      ruleUrl('rule-dur'),
      scheduled({ queryFrequency: 'PT24H', queryPeriod: 'PT48H', suppressionDuration: 'PT90M' }),
    );
    expect(r.status).toBe(201);
    expect(r.json.properties).toMatchObject({
      queryFrequency: 'P1D',
      queryPeriod: 'P2D',
      suppressionDuration: 'PT1H30M',
    });
  });
});

describe('api-version awareness', () => {
  it('refuses NRT on a stable version and accepts it on a preview ([INFERRED]: 400 vs silent accept is open, docs/api-contract.md §7.3)', async () => {
    expect(await rejected(nrt(), '2025-09-01')).toMatch(
      /^Invalid data model\. \[kind: The alert rule kind 'NRT' is not supported in api-version '2025-09-01'/,
    );
    const ok = await request(emu, 'PUT', ruleUrl('rule-nrt', '2024-01-01-preview'), nrt());
    expect(ok.status).toBe(201);
    expect(ok.json.kind).toBe('NRT');
    expect(ok.json.properties.queryFrequency).toBeUndefined();
  });

  it('refuses schedule fields on an NRT rule', async () => {
    expect(await rejected({ kind: 'NRT', properties: scheduled().properties }, '2024-01-01-preview')).toContain(
      "properties.queryFrequency: The property 'queryFrequency' is not supported for alert rules of kind 'NRT'.",
    );
  });

  it('hides NRT rules from GET and LIST on a stable version [INFERRED from azure-sdk-for-python#39996]', async () => {
    await request(emu, 'PUT', ruleUrl('rule-nrt2', '2024-01-01-preview'), nrt());
    expect((await request(emu, 'GET', ruleUrl('rule-nrt2', '2025-09-01'))).status).toBe(404);
    const stable = await request(emu, 'GET', `${RULES}?api-version=2025-09-01`);
    const preview = await request(emu, 'GET', `${RULES}?api-version=2024-01-01-preview`);
    const names = (r: typeof stable): string[] => (r.json.value as { name: string }[]).map(x => x.name);
    expect(names(stable)).not.toContain('rule-nrt2');
    expect(names(preview)).toContain('rule-nrt2');
  });

  it('refuses a property the version lacks instead of dropping it (decision: see README)', async () => {
    expect(await rejected(scheduled({ subTechniques: ['T1071.001'] }), '2025-09-01')).toBe(
      "Invalid data model. [properties.subTechniques: The property 'subTechniques' is not supported in api-version '2025-09-01'.]",
    );
    expect(await rejected(scheduled({ techniques: ['T1071'] }), '2021-10-01')).toContain(
      "'techniques' is not supported in api-version '2021-10-01'",
    );
    const dyn = { alertDynamicProperties: [{ alertProperty: 'AlertLink', value: 'Link' }] };
    expect(await rejected(scheduled({ alertDetailsOverride: dyn }), '2022-11-01')).toContain(
      "'alertDynamicProperties' is not supported in api-version '2022-11-01'",
    );
    const ok = await request(emu, 'PUT', ruleUrl('rule-dyn', '2023-02-01'), scheduled({ alertDetailsOverride: dyn }));
    expect(ok.status).toBe(201);
    // A null for a field the version lacks is what portal exports carry: accepted.
    const exported = await request(
      emu,
      'PUT',
      ruleUrl('rule-null', '2022-11-01'),
      scheduled({ subTechniques: null, sentinelEntitiesMappings: null }),
    );
    expect(exported.status).toBe(201);
  });

  it('accepts and validates the other kinds minimally (required fields only)', async () => {
    const r = await request(emu, 'PUT', ruleUrl('msic', '2025-09-01'), {
      kind: 'MicrosoftSecurityIncidentCreation',
      properties: { displayName: 'MCAS', enabled: true, productFilter: 'Microsoft Cloud App Security' },
    });
    expect(r.status).toBe(201);
    expect(Object.keys(r.json.properties)).toEqual([
      'productFilter',
      'severitiesFilter',
      'displayNamesFilter',
      'displayName',
      'enabled',
      'description',
      'alertRuleTemplateName',
      'lastModifiedUtc',
    ]);
    expect(await rejected({ kind: 'Fusion', properties: { enabled: true } })).toContain(
      'properties.alertRuleTemplateName: The AlertRuleTemplateName field is required.',
    );
    const clash = await request(emu, 'PUT', ruleUrl('msic', '2025-09-01'), scheduled());
    expect(clash.json.error.message).toBe("Alert Rule with Resource Name 'msic' is already exist");
  });

  it('refuses a body without kind or properties', async () => {
    expect(await rejected({ properties: {} })).toContain('kind: The Kind field is required.');
    expect(await rejected({ kind: 'Scheduled' })).toContain('properties: The Properties field is required.');
    expect(await rejected([1, 2])).toContain('An alert rule object is expected.');
  });
});
