/**
 * Builds the SQL of an object query, shared by every SQL dialect (`?` placeholders; the
 * PostgreSQL adapter renumbers them). Version selection follows TAXII 2.1 §3.4.1 and
 * checklist A2: row filters (id, type, spec_version, added_after) first, then first/last
 * among what remains, then added order (date_added, seq) and the page limit. The dialects
 * differ only in how a page's cursor and limit are written (`lowerBoundSql`, `limitSql`).
 */
import { HubError } from '../../core/index.js';
import type { VisibilityFilter } from '../../sharing/index.js';
import type { ObjectQuery } from '../store.js';
import { idHash } from './id-hash.js';
import type { SqlFragment } from './sql-fragment.js';
import { attributedJsonSql, visibilitySql } from './visibility-sql.js';

export type ObjectQueryDialect = 'sqlite' | 'postgres';

const MANIFEST_COLUMNS = 'seq, stix_id, type, version, spec_version, date_added, protected';
const OBJECT_COLUMNS = `${MANIFEST_COLUMNS}, json`;

/** The select list of one arm: the body is the anonymised one where attribution is not allowed. */
function armColumns(query: ObjectQuery, withBodies: boolean): SqlFragment {
  const base = 'o.seq, o.stix_id, o.type, o.version, o.spec_version, o.date_added, o.protected';
  if (!withBodies) return { sql: base, params: [] };
  const body = attributedJsonSql('o', query.attribution);
  return { sql: `${base}, ${body.sql} AS json`, params: body.params };
}

/**
 * SELECT for one page: `limit + 1` rows so the caller can tell whether more remain.
 * Several types or ids become one ordered, limited arm each, merged by UNION ALL, so every
 * arm walks an index in order instead of sorting the whole match.
 */
export function buildObjectQuerySql(
  collectionKey: number,
  query: ObjectQuery,
  options: { readonly withBodies: boolean; readonly stixId?: string; readonly dialect?: ObjectQueryDialect },
): SqlFragment {
  const dialect = options.dialect ?? 'sqlite';
  const columns = options.withBodies ? OBJECT_COLUMNS : MANIFEST_COLUMNS;
  const select = armColumns(query, options.withBodies);
  const fetch = query.limit + 1;
  const ids = options.stixId !== undefined ? [options.stixId] : query.ids;
  const types = query.types;
  if (ids === undefined && types !== undefined && types.length > 1) {
    const arms = types.map((type) => armSql(select, collectionKey, query, { type }, fetch, dialect));
    return unionArms(columns, arms, limitSql(fetch, dialect));
  }
  if (ids !== undefined && ids.length > 1) {
    const arms = ids.map((id) => armSql(select, collectionKey, query, { id, types }, fetch, dialect));
    return unionArms(columns, arms, limitSql(fetch, dialect));
  }
  return armSql(select, collectionKey, query, { id: ids?.[0], type: types?.[0], types }, fetch, dialect);
}

/** Whether any version of one object passes the visibility filter. */
export function buildExistsSql(
  collectionKey: number,
  stixId: string,
  visibility: VisibilityFilter | undefined,
): SqlFragment {
  const visible = visibility === undefined ? undefined : visibilitySql('o', visibility);
  return {
    sql: `SELECT 1 FROM objects o WHERE o.coll = ? AND o.id_hash = ? AND o.stix_id = ?${visible === undefined ? '' : ` AND ${visible.sql}`} LIMIT 1`,
    params: [collectionKey, idHash(stixId), stixId, ...(visible?.params ?? [])],
  };
}

function unionArms(columns: string, arms: SqlFragment[], limit: SqlFragment): SqlFragment {
  // Every derived table is aliased: PostgreSQL requires it, SQLite accepts it. The columns
  // are named, not `*`: pg-database.ts never prepares a text with `*` (so such a statement
  // was parsed and planned on every page).
  const union = arms.map((a, i) => `SELECT ${columns} FROM (${a.sql}) AS arm${i}`).join(' UNION ALL ');
  const sql = `SELECT ${columns} FROM (${union}) AS merged ORDER BY date_added, seq ${limit.sql}`;
  return { sql, params: [...arms.flatMap((a) => a.params), ...limit.params] };
}

/**
 * The page size: a parameter on SQLite, a literal on PostgreSQL. A prepared statement's
 * generic plan costs `LIMIT $n` as a tenth of the rows it expects, so PostgreSQL never chose
 * it and planned every page afresh (0.4-1 ms of a 100-row page); with the literal it keeps
 * the generic plan, the same index walk, after five executions.
 */
function limitSql(fetch: number, dialect: ObjectQueryDialect): SqlFragment {
  if (dialect === 'sqlite') return { sql: 'LIMIT ?', params: [fetch] };
  if (!Number.isSafeInteger(fetch) || fetch < 1)
    throw new HubError('CAIRN_INVALID_INPUT', `A page limit must be a positive integer, not ${fetch}`);
  return { sql: `LIMIT ${fetch}`, params: [] };
}

function armSql(
  select: SqlFragment,
  collectionKey: number,
  query: ObjectQuery,
  only: {
    readonly id?: string | undefined;
    readonly type?: string | undefined;
    readonly types?: readonly string[] | undefined;
  },
  fetch: number,
  dialect: ObjectQueryDialect,
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
  const bound = lowerBoundSql(query, dialect);
  const rowFilter = rowFilterSql('o', query, bound.addedAfter);
  where.push(...rowFilter.clauses);
  params.push(...rowFilter.params);
  const selection = versionSelectionSql(query);
  where.push(selection.sql);
  params.push(...selection.params);
  if (bound.cursor !== undefined) {
    where.push(bound.cursor.sql);
    params.push(...bound.cursor.params);
  }
  // For one object, `+` stops SQLite from walking the whole collection in date order to avoid
  // sorting a handful of versions found through the id index.
  const order = only.id === undefined ? 'o.date_added, o.seq' : '+o.date_added, +o.seq';
  const limit = limitSql(fetch, dialect);
  const sql = `SELECT ${select.sql} FROM objects o WHERE ${where.join(' AND ')} ORDER BY ${order} ${limit.sql}`;
  return { sql, params: [...select.params, ...params, ...limit.params] };
}

/**
 * Where a page starts: after `added_after`, after the cursor, or both, written as the one
 * bound that implies the other (a cursor is a row that passed `added_after`, so it is the
 * tighter bound unless `added_after` is at or past its date). PostgreSQL multiplies the
 * selectivities of redundant bounds as if independent, and its estimate of the cursor's
 * tie-break OR shrinks quadratically along a walk: pages late in a walk, more of them when
 * resumed from `added_after`, were costed above `jit_above_cost` and spent 30-55 ms each in
 * JIT compilation (now off, open-postgres-store.ts), and a wrong estimate misleads any plan
 * choice. On PostgreSQL the cursor is a row comparison, an index condition it estimates
 * from `date_added` alone.
 */
function lowerBoundSql(
  query: ObjectQuery,
  dialect: ObjectQueryDialect,
): { readonly addedAfter: number | undefined; readonly cursor?: SqlFragment } {
  const { after, addedAfter } = query;
  if (after === undefined) return { addedAfter };
  if (addedAfter !== undefined && after.dateAdded <= addedAfter) return { addedAfter };
  if (dialect === 'postgres') {
    return {
      addedAfter: undefined,
      cursor: { sql: '(o.date_added, o.seq) > (?, ?)', params: [after.dateAdded, after.seq] },
    };
  }
  // An index range (date_added >= d) with the tie-break after it: the OR form alone made
  // SQLite scan from the start of the collection on every page (quadratic walks).
  return {
    addedAfter: undefined,
    cursor: {
      sql: 'o.date_added >= ? AND (o.date_added > ? OR o.seq > ?)',
      params: [after.dateAdded, after.dateAdded, after.seq],
    },
  };
}

/**
 * Filters that apply to each row alone (and to its rivals when selecting first/last). A
 * page's own rows take `addedAfter` from `lowerBoundSql`; rivals always compare with the
 * query's.
 */
function rowFilterSql(
  alias: string,
  query: ObjectQuery,
  addedAfter: number | undefined,
): { clauses: string[]; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (query.specVersions !== undefined) {
    clauses.push(`${alias}.spec_version IN (${marks(query.specVersions.length)})`);
    params.push(...query.specVersions);
  } else if (query.anySpecVersion !== true) {
    // Default: only the latest spec version of each object (TAXII 2.1 §3.4.1, checklist T079).
    clauses.push(`${alias}.in_latest_spec = 1`);
  }
  if (addedAfter !== undefined) {
    // For a rival row, `+` keeps SQLite on the id index instead of a date_added range scan.
    clauses.push(`${alias === 'o' ? 'o' : `+${alias}`}.date_added > ?`);
    params.push(addedAfter);
  }
  if (query.visibility !== undefined) {
    const visible = visibilitySql(alias, query.visibility);
    clauses.push(visible.sql);
    params.push(...visible.params);
  }
  return { clauses, params };
}

function versionSelectionSql(query: ObjectQuery): SqlFragment {
  const v = query.versions;
  if (v.all) return { sql: '1 = 1', params: [] };
  const options: string[] = [];
  const params: unknown[] = [];
  if (v.first) {
    const r = flagOrRival('is_first', '<', query);
    options.push(r.sql);
    params.push(...r.params);
  }
  if (v.last) {
    const r = flagOrRival('is_last', '>', query);
    options.push(r.sql);
    params.push(...r.params);
  }
  if (v.keys.length > 0) {
    options.push(`o.version_key IN (${marks(v.keys.length)})`);
    params.push(...v.keys);
  }
  return { sql: `(${options.join(' OR ')})`, params };
}

/**
 * The stored flag alone is exact when no row filter besides the default spec version
 * applies. With added_after or visibility (but the default spec version), a flagged row is
 * still the first/last, and only the others need the rival check; an explicit spec version
 * list changes which versions compete, so every row is checked.
 */
function flagOrRival(flag: 'is_first' | 'is_last', op: '<' | '>', query: ObjectQuery): SqlFragment {
  if (query.specVersions !== undefined) return rivalSql(op, query);
  if (query.addedAfter === undefined && query.visibility === undefined)
    return { sql: `o.${flag} = 1`, params: [] };
  const rival = rivalSql(op, query);
  return { sql: `(o.${flag} = 1 OR ${rival.sql})`, params: rival.params };
}

/** No other version of the same object that passes the row filters is earlier/later. */
function rivalSql(op: '<' | '>', query: ObjectQuery): SqlFragment {
  const rival = rowFilterSql('r', query, query.addedAfter);
  const sql =
    `NOT EXISTS (SELECT 1 FROM objects r WHERE r.coll = o.coll AND r.id_hash = o.id_hash AND r.stix_id = o.stix_id` +
    ` AND r.version_key ${op} o.version_key${rival.clauses.map((c) => ` AND ${c}`).join('')})`;
  return { sql, params: rival.params };
}

function marks(n: number): string {
  return new Array(n).fill('?').join(', ');
}
