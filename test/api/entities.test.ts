import { describe, expect, it } from 'vitest';
import { ENTITY_IDENTIFIERS, isEntityType } from '../../src/api/entities.js';
import { ENTITY_TYPES } from '../../src/api/enums.js';

describe('entity identifier table', () => {
  it('has an entry for every API entity type and nothing else', () => {
    expect(Object.keys(ENTITY_IDENTIFIERS).sort()).toEqual([...ENTITY_TYPES].sort());
    expect(isEntityType('IoTDevice')).toBe(false);
    expect(isEntityType('toString')).toBe(false);
  });

  it.each(ENTITY_TYPES)('%s: every required identifier is a valid one', type => {
    const { identifiers, required } = ENTITY_IDENTIFIERS[type];
    expect(required.length).toBeGreaterThan(0);
    for (const combo of required) for (const id of combo) expect(identifiers).toContain(id);
    expect(new Set(identifiers).size).toBe(identifiers.length);
  });
});
