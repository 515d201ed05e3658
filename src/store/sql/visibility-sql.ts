import { TLP_LEVELS } from '../../core/index.js';
import type { AttributionFilter, VisibilityClause, VisibilityFilter } from '../../sharing/index.js';
import { referencesVisibleSql } from './object-references-sql.js';
import type { SqlFragment } from './sql-fragment.js';

/**
 * The sharing rules' store filter as SQL over the envelope columns (one disjunction of
 * conjunctions, the shape `sharing/visibility-filter.ts` evaluates in memory), AND the
 * reference rule: a row whose references name an object of its collection with no version
 * passing the same envelope filter (or the filter's `referenceTargets`) is withheld (`receivedInCollection` in
 * sharing/references.ts is the reference semantics). Portable between SQLite and
 * PostgreSQL: only IN, =, LIKE … ESCAPE, OR and (NOT) EXISTS.
 */
export function visibilitySql(alias: string, filter: VisibilityFilter): SqlFragment {
  if (filter.anyOf.length === 0) return { sql: '1 = 0', params: [] };
  const own = envelopeSql(alias, filter.anyOf);
  const targets = filter.referenceTargets ?? filter.anyOf;
  const references = referencesVisibleSql(alias, `${alias}_t`, envelopeSql(`${alias}_t`, targets));
  return { sql: `(${own.sql} AND ${references.sql})`, params: [...own.params, ...references.params] };
}

/** A disjunction of clauses over one row's envelope columns (none: nothing passes). */
function envelopeSql(alias: string, clauses: readonly VisibilityClause[]): SqlFragment {
  if (clauses.length === 0) return { sql: '1 = 0', params: [] };
  const params: unknown[] = [];
  const parts = clauses.map((c) => clauseSql(alias, c, params));
  return { sql: `(${parts.join(' OR ')})`, params };
}

function clauseSql(a: string, c: VisibilityClause, params: unknown[]): string {
  const conditions: string[] = [];
  // The PCII condition first: it settles most rows at once (protected = 0 for ordinary ones).
  if (c.pcii === undefined) conditions.push(`${a}.protected = 0`);
  else {
    conditions.push(c.pcii.length === 0 ? '1 = 0' : `${a}.pcii_state IN (${marks(c.pcii.length)})`);
    params.push(...c.pcii);
  }
  // Every level (a hub admin's clause) constrains nothing: leave it out of every row's work.
  if (new Set(c.tlps).size < TLP_LEVELS.length) {
    conditions.push(`${a}.tlp IN (${marks(c.tlps.length)})`);
    params.push(...c.tlps);
  }
  if (c.submitterOrgId !== undefined) {
    conditions.push(`${a}.submitter_org_id = ?`);
    params.push(c.submitterOrgId);
  }
  if (c.submitterUserId !== undefined) {
    conditions.push(`${a}.submitter_user_id = ?`);
    params.push(c.submitterUserId);
  }
  if (c.recipient !== undefined) {
    // recipients is a JSON array of ids; a quoted id matches one whole element.
    conditions.push(`${a}.recipients LIKE ? ESCAPE '\\'`);
    params.push(`%${escapeLike(JSON.stringify(c.recipient))}%`);
  }
  if (c.providersAllowed === true) conditions.push(`${a}.providers_allowed = 1`);
  if (c.releasedOnly === true) conditions.push(`${a}.review_state = 'released'`);
  if (c.sourceIdentityConsents !== undefined) {
    const consents = c.sourceIdentityConsents;
    conditions.push(
      consents.length === 0
        ? `${a}.source_identity = 0`
        : `(${a}.source_identity = 0 OR ${a}.consent IN (${marks(consents.length)}))`,
    );
    params.push(...consents);
  }
  return `(${conditions.join(' AND ')})`;
}

/** The body a reader gets: the stored one where it may see the submitter, else the anonymised one. */
export function attributedJsonSql(alias: string, filter: AttributionFilter | undefined): SqlFragment {
  if (filter === undefined) return { sql: `${alias}.json`, params: [] };
  const consents = filter.consents.length === 0 ? "''" : marks(filter.consents.length);
  return {
    sql: `CASE WHEN ${alias}.consent IN (${consents}) OR ${alias}.submitter_org_id = ? THEN ${alias}.json ELSE COALESCE(${alias}.json_anon, ${alias}.json) END`,
    params: [...filter.consents, filter.submitterOrgId],
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

function marks(n: number): string {
  return new Array(n).fill('?').join(', ');
}
