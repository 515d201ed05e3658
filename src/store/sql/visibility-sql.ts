import type { AttributionFilter, VisibilityClause, VisibilityFilter } from '../../sharing/index.js';
import type { SqlFragment } from './sql-fragment.js';

/**
 * The sharing rules' store filter as SQL over the envelope columns (one disjunction of
 * conjunctions, the shape `sharing/visibility-filter.ts` evaluates in memory). Portable
 * between SQLite and PostgreSQL: only IN, =, LIKE … ESCAPE and OR.
 */
export function visibilitySql(alias: string, filter: VisibilityFilter): SqlFragment {
  if (filter.anyOf.length === 0) return { sql: '1 = 0', params: [] };
  const params: unknown[] = [];
  const parts = filter.anyOf.map((c) => clauseSql(alias, c, params));
  return { sql: `(${parts.join(' OR ')})`, params };
}

function clauseSql(a: string, c: VisibilityClause, params: unknown[]): string {
  const conditions = [`${a}.tlp IN (${marks(c.tlps.length)})`];
  params.push(...c.tlps);
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
