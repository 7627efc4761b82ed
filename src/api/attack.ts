// MITRE ATT&CK facts, in one place. Enterprise: tactics in matrix order, techniques and sub-techniques with names
// and tactics, from data/attack-enterprise.json (generated from the ATT&CK STIX bundle by scripts/attack-data.mjs).
// ICS: technique -> tactic only, written from the public ICS matrix. Tactic names here are those of the alertRules
// API. Used for Microsoft CI's `NoTechniquesWithoutMatchingTactics` (a rule's techniques must each belong to a
// tactic the rule lists) and by `rulectl coverage`.
import { readFileSync } from 'node:fs';

/** ICS technique ids per API tactic, as in the ICS matrix columns; ICS "Evasion" counts as DefenseEvasion. */
const ICS_MATRIX: Readonly<Record<string, string>> = {
  InitialAccess: 'T0817 T0819 T0866 T0822 T0883 T0886 T0847 T0848 T0865 T0862 T0864 T0860',
  Execution: 'T0895 T0858 T0807 T0871 T0823 T0874 T0821 T0834 T0853 T0863',
  Persistence: 'T0891 T0889 T0839 T0873 T0857 T0859',
  PrivilegeEscalation: 'T0890 T0874',
  DefenseEvasion: 'T0858 T0820 T0872 T0849 T0851 T0856 T0894',
  Discovery: 'T0840 T0842 T0846 T0888 T0887',
  LateralMovement: 'T0812 T0866 T0891 T0867 T0843 T0886 T0859',
  Collection: 'T0830 T0802 T0811 T0893 T0868 T0877 T0801 T0861 T0845 T0852 T0887',
  CommandAndControl: 'T0885 T0884 T0869',
  Impact: 'T0879 T0813 T0815 T0826 T0827 T0828 T0837 T0880 T0829 T0831 T0832 T0882',
  InhibitResponseFunction: 'T0800 T0878 T0803 T0804 T0805 T0892 T0809 T0814 T0816 T0835 T0838 T0851 T0881 T0857',
  ImpairProcessControl: 'T0806 T0836 T0839 T0856 T0855',
};

export interface AttackTactic {
  /** `TA0001` */
  id: string;
  /** `Initial Access` */
  name: string;
  /** `initial-access`, as ATT&CK and the Navigator name it */
  shortName: string;
  /** `InitialAccess`, as the alertRules API names it */
  apiName: string;
}

export interface AttackTechnique {
  /** `T1078` or `T1078.004` */
  id: string;
  name: string;
  /** The parent's id, for a sub-technique. */
  parent?: string;
  /** API tactic names, in matrix order. */
  tactics: readonly string[];
}

export interface EnterpriseMatrix {
  /** The ATT&CK release the data comes from, e.g. `18.0`. */
  version: string;
  tactics: readonly AttackTactic[];
  /** Every technique and sub-technique, by id order. */
  techniques: readonly AttackTechnique[];
  byId: ReadonlyMap<string, AttackTechnique>;
}

/** `initial-access` -> `InitialAccess`; `command-and-control` -> `CommandAndControl`. */
const apiTacticName = (shortName: string) =>
  shortName
    .split('-')
    .map(w => (w[0] ?? '').toUpperCase() + w.slice(1))
    .join('');

let enterprise: EnterpriseMatrix | undefined;

/** The bundled ATT&CK Enterprise matrix; the file sits two folders above both src/api and dist/api. */
export function enterpriseMatrix(): EnterpriseMatrix {
  if (enterprise) return enterprise;
  const file = new URL('../../data/attack-enterprise.json', import.meta.url);
  const data = JSON.parse(readFileSync(file, 'utf8')) as {
    attackVersion: string;
    tactics: { id: string; name: string; shortName: string }[];
    techniques: [string, string, string][];
  };
  const tactics = data.tactics.map(t => ({ ...t, apiName: apiTacticName(t.shortName) }));
  const techniques = data.techniques.map(([id, name, phases]): AttackTechnique => {
    const parent = id.includes('.') ? parentTechnique(id) : undefined;
    const tacticsOf = phases.split(' ').map(apiTacticName);
    return parent ? { id, name, parent, tactics: tacticsOf } : { id, name, tactics: tacticsOf };
  });
  enterprise = { version: data.attackVersion, tactics, techniques, byId: new Map(techniques.map(t => [t.id, t])) };
  return enterprise;
}

/**
 * The retired PRE-ATT&CK tactic: the API still accepts `PreAttack`, and its techniques became Reconnaissance and
 * Resource Development in ATT&CK v8, so a technique of either also matches a rule that lists PreAttack.
 */
const PRE_ATTACK_SUCCESSORS = ['Reconnaissance', 'ResourceDevelopment'];

let tacticsOf: ReadonlyMap<string, readonly string[]> | undefined;

/** Technique id (no sub-technique part) -> API tactics, Enterprise and ICS together. */
function techniqueTactics(): ReadonlyMap<string, readonly string[]> {
  if (tacticsOf) return tacticsOf;
  const map = new Map<string, string[]>();
  for (const t of enterpriseMatrix().techniques) if (!t.parent) map.set(t.id, [...t.tactics]);
  for (const [tactic, ids] of Object.entries(ICS_MATRIX)) {
    for (const id of ids.split(/\s+/).filter(Boolean)) map.set(id, [...(map.get(id) ?? []), tactic]);
  }
  for (const tactics of map.values())
    if (tactics.some(t => PRE_ATTACK_SUCCESSORS.includes(t))) tactics.push('PreAttack');
  tacticsOf = map;
  return map;
}

/** `T1078` for `T1078.004`: sub-techniques share their parent's tactics. */
export function parentTechnique(id: string): string {
  return id.split('.')[0] ?? id;
}

/** The API tactics a technique (or sub-technique) belongs to, or undefined when the table does not know it. */
export function tacticsOfTechnique(id: string): readonly string[] | undefined {
  return techniqueTactics().get(parentTechnique(id));
}

/** Number of techniques (without sub-techniques) in the table, Enterprise and ICS (for docs and tests). */
export function knownTechniqueCount(): number {
  return techniqueTactics().size;
}

export const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/;
