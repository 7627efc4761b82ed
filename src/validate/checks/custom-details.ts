// customDetails surface query columns in alerts: at most 20 entries, keys `^[a-zA-Z]+\w*$` of at most 20
// characters, values column names of at most 500 (Microsoft CI and the service, docs/api-contract.md §2.2).
import { MAX_COLUMN_NAME_LENGTH } from '../../api/entities.js';
import { isRecord } from '../../rules/model.js';
import { defineCheck } from '../check.js';
import { quote } from '../../diagnostics/quote.js';

export const MAX_CUSTOM_DETAILS = 20;
const MAX_KEY_LENGTH = 20;
const KEY = /^[a-zA-Z]+\w*$/;
const VALUE = /^[a-zA-Z_]+\w*$/;

export const customDetails = defineCheck({
  id: 'custom-details',
  severity: 'error',
  summary: 'customDetails: at most 20 entries; keys ^[a-zA-Z]+\\w*$ (<= 20 chars); values column names (<= 500)',
  run({ rule, report }) {
    const details = rule.customDetails;
    if (!isRecord(details)) return;
    const keys = Object.keys(details);
    if (keys.length > MAX_CUSTOM_DETAILS) {
      report({
        path: ['customDetails', keys[MAX_CUSTOM_DETAILS] ?? ''],
        anchor: 'key',
        message: `customDetails has ${keys.length} entries; at most ${MAX_CUSTOM_DETAILS} are allowed`,
      });
    }
    for (const key of keys) {
      if (!KEY.test(key)) {
        report({
          path: ['customDetails', key],
          anchor: 'key',
          message: `custom detail key ${quote(key)} must start with a letter and hold only letters, digits and _`,
        });
      } else if (key.length > MAX_KEY_LENGTH) {
        report({
          path: ['customDetails', key],
          anchor: 'key',
          message: `custom detail key ${quote(key)} is ${key.length} characters long; at most ${MAX_KEY_LENGTH} are allowed`,
        });
      }
      const value = details[key];
      const path = ['customDetails', key];
      // A value that is not a string is the schema's finding.
      if (typeof value !== 'string') continue;
      if (value.length > MAX_COLUMN_NAME_LENGTH) {
        report({
          path,
          message: `custom detail ${quote(key)} names a column of ${value.length} characters (at most 500)`,
        });
      } else if (!VALUE.test(value)) {
        report({
          path,
          message: `custom detail ${quote(key)} must name a query column, not ${quote(value)}`,
          hint: 'extend the value into a column in the query and name that column here',
        });
      }
    }
  },
});
