import type { AuditJson } from './audit-entry.js';

/**
 * Canonical JSON of a value (the subset of RFC 8785 JCS that audit records use): object keys
 * sorted by UTF-16 code units, no whitespace, strings and numbers as ECMAScript serialises
 * them. The same record therefore hashes the same on every node and after a round trip
 * through any database, whatever order its keys were written in.
 *
 * @throws TypeError for values JSON cannot represent exactly (undefined, NaN, Infinity).
 */
export function canonicalJson(value: AuditJson | object): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('Canonical JSON has no non-finite numbers');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v: AuditJson) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object') {
    const record = value as Record<string, AuditJson | undefined>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const v = record[key];
      // Absent optional properties are simply not part of the record.
      if (v === undefined) continue;
      parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
    }
    return `{${parts.join(',')}}`;
  }
  throw new TypeError(`Canonical JSON cannot represent a ${typeof value}`);
}
