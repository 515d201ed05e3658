import type { AuditActor, AuditEntry, AuditQuery } from '../store.js';
import type { SqlFragment } from './sql-fragment.js';

/** Columns of `audit_log`, in the order `auditRowValues` produces them. */
export const AUDIT_COLUMNS =
  'seq, at, event, actor_kind, actor_id, actor_name, actor_org, actor_address, target, details, hash';

/** A stored row of `audit_log`. */
export interface AuditRow {
  readonly seq: number;
  readonly at: number;
  readonly event: string;
  readonly actor_kind: string;
  readonly actor_id: string | null;
  readonly actor_name: string | null;
  readonly actor_org: string | null;
  readonly actor_address: string | null;
  readonly target: string;
  readonly details: string;
  readonly hash: string;
}

/** An entry as the values of AUDIT_COLUMNS. */
export function auditRowValues(e: AuditEntry): unknown[] {
  const a = e.actor;
  return [
    e.seq,
    e.at,
    e.event,
    a.kind,
    a.id ?? null,
    a.name ?? null,
    a.orgId ?? null,
    a.address ?? null,
    JSON.stringify(e.target),
    JSON.stringify(e.details),
    e.hash,
  ];
}

/**
 * A row back to an entry. Every hashed field comes from its own column, so an edit of any
 * column (not only of a JSON body) changes what verifyChain recomputes.
 */
export function auditEntryOf(r: AuditRow): AuditEntry {
  const actor: { -readonly [K in keyof AuditActor]: AuditActor[K] } = {
    kind: r.actor_kind as AuditActor['kind'],
  };
  if (r.actor_id !== null) actor.id = r.actor_id;
  if (r.actor_name !== null) actor.name = r.actor_name;
  if (r.actor_org !== null) actor.orgId = r.actor_org;
  if (r.actor_address !== null) actor.address = r.actor_address;
  return {
    seq: Number(r.seq),
    at: Number(r.at),
    event: r.event,
    actor,
    target: JSON.parse(r.target) as AuditEntry['target'],
    details: JSON.parse(r.details) as AuditEntry['details'],
    hash: r.hash,
  };
}

/** The default and largest page of `list`. */
export const AUDIT_PAGE_MAX = 10_000;

/** `SELECT … FROM audit_log` for a query, with `?` placeholders (portable SQL). */
export function auditListSql(q: AuditQuery): SqlFragment {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (q.from !== undefined) add('at >= ?', q.from);
  if (q.to !== undefined) add('at < ?', q.to);
  if (q.after !== undefined) add('seq > ?', q.after);
  if (q.before !== undefined) add('seq < ?', q.before);
  if (q.actor !== undefined) add('(actor_id = ? OR actor_name = ?)', q.actor, q.actor);
  if (q.event !== undefined) {
    // A trailing * selects a family (`login.*`); substr avoids LIKE's engine differences.
    if (q.event.endsWith('*')) {
      const prefix = q.event.slice(0, -1);
      add('substr(event, 1, ?) = ?', prefix.length, prefix);
    } else add('event = ?', q.event);
  }
  const limit = Math.max(1, Math.min(q.limit ?? 1000, AUDIT_PAGE_MAX));
  const sql = `SELECT ${AUDIT_COLUMNS} FROM audit_log${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`} ORDER BY seq ${q.order === 'desc' ? 'DESC' : 'ASC'} LIMIT ${limit}`;
  return { sql, params };
}
