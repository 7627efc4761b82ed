// The OData $filter forms a metadata LIST understands: `properties/<field> eq '<value>'`, joined with `and`.
import { badRequest } from '../http.js';

type Predicate = (properties: Record<string, unknown>) => boolean;

const CLAUSE = /^properties\/(\w+)\s+eq\s+'((?:[^']|'')*)'$/i;

export function metadataFilter(filter: string | null): Predicate {
  if (filter === null || filter.trim() === '') return () => true;
  const clauses = filter.split(/\s+and\s+/i).map(c => {
    const m = CLAUSE.exec(c.trim());
    if (!m?.[1] || m[2] === undefined)
      throw badRequest(
        `The $filter '${filter}' is not supported by the emulator; use properties/<field> eq '<value>' joined with 'and'.`,
        'InvalidFilter',
      );
    return { field: m[1], value: m[2].replace(/''/g, "'") };
  });
  return properties =>
    clauses.every(({ field, value }) => {
      const actual = Object.entries(properties).find(([k]) => k.toLowerCase() === field.toLowerCase())?.[1];
      return typeof actual === 'string' && actual.toLowerCase() === value.toLowerCase();
    });
}
