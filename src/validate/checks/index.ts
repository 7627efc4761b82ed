// The registry: every check, alphabetical by id. Add a check here and in docs/checks.md.
import type { Check } from '../check.js';
import { duplicateRuleId } from './duplicate-rule-id.js';

export const CHECKS: readonly Check[] = [duplicateRuleId];
