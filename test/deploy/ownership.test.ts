// Ownership records: a metadata resource is rulectl's record only when its customVersion carries the versioned
// `rulectl:sha256:` prefix; any other metadata on the rule (Content Hub, Sentinel Repositories, other tools) is not.
import { describe, expect, it } from 'vitest';
import { fromMetadata, ownershipName, toMetadata, type MetadataFields } from '../../src/deploy/ownership.js';
import { ruleId, TARGET } from './helpers.js';

const HASH = 'a'.repeat(64);
const record = { ruleName: ruleId(1), repository: 'team-a', hash: HASH };
/** What listOwnership reads back: the resource as written, with the name it is stored under. */
const written = (): MetadataFields => ({ ...toMetadata(record, TARGET), name: ownershipName(ruleId(1)) });
const read = (m: MetadataFields) => fromMetadata(m, TARGET);

describe('ownership records', () => {
  it('reads back what it writes, the hash without its prefix', () => {
    expect(written().customVersion).toBe(`rulectl:sha256:${HASH}`);
    expect(read(written())).toEqual({ ...record, metadataName: ownershipName(ruleId(1)) });
  });

  it.each([
    ['the bare hash', HASH],
    ['another scheme', `sha256:${HASH}`],
    ['another tool', `othertool:sha256:${HASH}`],
    ['the prefix in another case', `RULECTL:SHA256:${HASH}`],
    ['the prefix after text', ` rulectl:sha256:${HASH}`],
    ['a version number', '1.0.0'],
    ['nothing', ''],
  ])('is not a record when customVersion is %s', (_, customVersion) => {
    expect(read({ ...written(), customVersion })).toBeUndefined();
  });

  it('is not a record without a customVersion', () => {
    const { customVersion: _, ...rest } = written();
    expect(read(rest)).toBeUndefined();
  });
});
