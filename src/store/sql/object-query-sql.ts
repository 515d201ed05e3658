/**
 * Builds the SQL of an object query, shared by every SQL dialect (`?` placeholders; the
 * PostgreSQL adapter renumbers them). Version selection follows TAXII 2.1 §3.4.1 and
 * checklist A2: row filters (id, type, spec_version, added_after) first, then first/last
 * among what remains, then added order (date_added, seq) and the page limit.
 */
import type { ObjectQuery } from '../store.js';
import { idHash } from './id-hash.js';

export interface SqlFragment {
  readonly sql: string;
  readonly params: unknown[];
}

const MANIFEST_COLUMNS = 'seq, stix_id, type, version, spec_version, date_added';
const OBJECT_COLUMNS = `${MANIFEST_COLUMNS}, json`;

/**
 * SELECT for one page: `limit + 1` rows so the caller can tell whether more remain.
 * Several types or ids become one ordered, limited arm each, merged by UNION ALL, so every
 * arm walks an index in order instead of sorting the whole match.
 */
export function buildObjectQuerySql(
  collectionKey: number,
  query: ObjectQuery,
  options: { readonly withBodies: boolean; readonly stixId?: string },
): SqlFragment {
  const columns = options.withBodies ? OBJECT_COLUMNS : MANIFEST_COLUMNS;
  const fetch = query.limit + 1;
  const ids = options.stixId !== undefined ? [options.stixId] : query.ids;
  const types = query.types;
  if (ids === undefined && types !== undefined && types.length > 1) {
    const arms = types.map((type) => armSql(columns, collectionKey, query, { type }, fetch));
    return unionArms(columns, arms, fetch);
  }
  if (ids !== undefined && ids.length > 1) {
    const arms = ids.map((id) => armSql(columns, collectionKey, query, { id, types }, fetch));
    return unionArms(columns, arms, fetch);
  }
  return armSql(columns, collectionKey, query, { id: ids?.[0], type: types?.[0], types }, fetch);
}

function unionArms(columns: string, arms: SqlFragment[], fetch: number): SqlFragment {
  const sql = `SELECT ${columns} FROM (${arms.map((a) => `SELECT * FROM (${a.sql})`).join(' UNION ALL ')}) ORDER BY date_added, seq LIMIT ?`;
  return { sql, params: [...arms.flatMap((a) => a.params), fetch] };
}

function armSql(
  columns: string,
  collectionKey: number,
  query: ObjectQuery,
  only: {
    readonly id?: string | undefined;
    readonly type?: string | undefined;
    readonly types?: readonly string[] | undefined;
  },
  fetch: number,
): SqlFragment {
  const where: string[] = ['o.coll = ?'];
  const params: unknown[] = [collectionKey];
  if (only.id !== undefined) {
    where.push('o.id_hash = ?', 'o.stix_id = ?');
    params.push(idHash(only.id), only.id);
    if (only.types !== undefined) {
      where.push(`o.type IN (${marks(only.types.length)})`);
      params.push(...only.types);
    }
  } else if (only.type !== undefined) {
    where.push('o.type = ?');
    params.push(only.type);
  }
  const rowFilter = rowFilterSql('o', query);
  where.push(...rowFilter.clauses);
  params.push(...rowFilter.params);
  const selection = versionSelectionSql(query);
  where.push(selection.sql);
  params.push(...selection.params);
  if (query.after !== undefined) {
    where.push('(o.date_added > ? OR (o.date_added = ? AND o.seq > ?))');
    params.push(query.after.dateAdded, query.after.dateAdded, query.after.seq);
  }
  const sql = `SELECT ${columns} FROM objects o WHERE ${where.join(' AND ')} ORDER BY o.date_added, o.seq LIMIT ?`;
  return { sql, params: [...params, fetch] };
}

/** Filters that apply to each row alone (and to its rivals when selecting first/last). */
function rowFilterSql(alias: string, query: ObjectQuery): { clauses: string[]; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (query.specVersions !== undefined) {
    clauses.push(`${alias}.spec_version IN (${marks(query.specVersions.length)})`);
    params.push(...query.specVersions);
  } else if (query.anySpecVersion !== true) {
    // Default: only the latest spec version of each object (TAXII 2.1 §3.4.1, checklist T079).
    clauses.push(`${alias}.in_latest_spec = 1`);
  }
  if (query.addedAfter !== undefined) {
    clauses.push(`${alias}.date_added > ?`);
    params.push(query.addedAfter);
  }
  return { clauses, params };
}

function versionSelectionSql(query: ObjectQuery): SqlFragment {
  const v = query.versions;
  if (v.all) return { sql: '1 = 1', params: [] };
  // The stored flags are exact when no row filter other than the default spec version applies.
  const flagsExact = query.specVersions === undefined && query.addedAfter === undefined;
  const options: string[] = [];
  const params: unknown[] = [];
  if (v.first) {
    const r = flagsExact ? { sql: 'o.is_first = 1', params: [] } : rivalSql('<', query);
    options.push(r.sql);
    params.push(...r.params);
  }
  if (v.last) {
    const r = flagsExact ? { sql: 'o.is_last = 1', params: [] } : rivalSql('>', query);
    options.push(r.sql);
    params.push(...r.params);
  }
  if (v.keys.length > 0) {
    options.push(`o.version_key IN (${marks(v.keys.length)})`);
    params.push(...v.keys);
  }
  return { sql: `(${options.join(' OR ')})`, params };
}

/** No other version of the same object that passes the row filters is earlier/later. */
function rivalSql(op: '<' | '>', query: ObjectQuery): SqlFragment {
  const rival = rowFilterSql('r', query);
  const sql =
    `NOT EXISTS (SELECT 1 FROM objects r WHERE r.coll = o.coll AND r.id_hash = o.id_hash AND r.stix_id = o.stix_id` +
    ` AND r.version_key ${op} o.version_key${rival.clauses.map((c) => ` AND ${c}`).join('')})`;
  return { sql, params: rival.params };
}

function marks(n: number): string {
  return new Array(n).fill('?').join(', ');
}
