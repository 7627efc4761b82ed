// `rulectl test --init RULE`: placeholder until scaffolding lands.
export function initTests(
  _rule: string,
  _cwd: string,
  _dirs: readonly string[],
): { file: string; summary: string } | { error: string } {
  return { error: '--init is not available yet' };
}
