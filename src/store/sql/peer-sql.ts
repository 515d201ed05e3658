import type { Peer, PeerProgress, PeerRecord, PeerRejection } from '../store.js';
import type { Row } from './tenancy-rows.js';

/**
 * The SQL of federation peers (docs/federation.md), shared by every SQL adapter (`?`
 * placeholders; the PostgreSQL adapter renumbers them).
 */

/**
 * Migration 11. The credential column holds a reference (`env:…`, `file:…`), never a
 * secret. Times are microseconds; `enabled` is 0/1 on both engines.
 */
export function peersMigrationSql(dialect: 'sqlite' | 'postgres'): string {
  const big = dialect === 'sqlite' ? 'INTEGER' : 'BIGINT';
  const flag = dialect === 'sqlite' ? 'INTEGER' : 'SMALLINT';
  return `
CREATE TABLE peers (
  id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, api_root_url TEXT NOT NULL,
  remote_collection_id TEXT NOT NULL, collection_id TEXT NOT NULL REFERENCES collections(id),
  org_id TEXT NOT NULL REFERENCES organisations(id), credential_ref TEXT NOT NULL,
  auth_scheme TEXT NOT NULL, auth_user TEXT, enabled ${flag} NOT NULL, interval_ms ${big} NOT NULL,
  created_at ${big} NOT NULL, added_after TEXT, next_token TEXT,
  last_attempt_at ${big}, last_success_at ${big},
  last_error_code TEXT, last_error_message TEXT, last_error_at ${big},
  received ${big} NOT NULL DEFAULT 0, added ${big} NOT NULL DEFAULT 0,
  duplicates ${big} NOT NULL DEFAULT 0, rejected ${big} NOT NULL DEFAULT 0,
  recent_rejections TEXT NOT NULL DEFAULT '[]');
`;
}

export const INSERT_PEER_SQL = `INSERT INTO peers
  (id, name, api_root_url, remote_collection_id, collection_id, org_id, credential_ref,
   auth_scheme, auth_user, enabled, interval_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export function listPeersSql(dialect: 'sqlite' | 'postgres'): string {
  return `SELECT * FROM peers ORDER BY name${dialect === 'postgres' ? ' COLLATE "C"' : ''}`;
}

export const FIND_PEER_BY_NAME_SQL = 'SELECT * FROM peers WHERE name = ?';
export const GET_PEER_SQL = 'SELECT * FROM peers WHERE id = ?';
export const REMOVE_PEER_SQL = 'DELETE FROM peers WHERE id = ?';

export const ADVANCE_PEER_SQL = `UPDATE peers SET added_after = ?, next_token = ?,
  received = received + ?, added = added + ?, duplicates = duplicates + ?, rejected = rejected + ?,
  recent_rejections = ? WHERE id = ?`;

export const FINISH_PEER_ROUND_SQL = `UPDATE peers SET last_attempt_at = ?,
  last_success_at = CASE WHEN CAST(? AS TEXT) IS NULL THEN ? ELSE last_success_at END,
  last_error_code = ?, last_error_message = ?, last_error_at = ? WHERE id = ?`;

export const SET_PEER_POSITION_SQL = 'UPDATE peers SET added_after = ?, next_token = ? WHERE id = ?';

export function peerParams(p: Peer): unknown[] {
  return [
    p.id,
    p.name,
    p.apiRootUrl,
    p.remoteCollectionId,
    p.collectionId,
    p.orgId,
    p.credentialRef,
    p.auth.scheme,
    p.auth.scheme === 'basic' ? p.auth.user : null,
    p.enabled ? 1 : 0,
    p.intervalMs,
    p.createdAt,
  ];
}

export function advancePeerParams(id: string, progress: PeerProgress): unknown[] {
  const { position, counts } = progress;
  return [
    position.addedAfter ?? null,
    position.next ?? null,
    counts.received,
    counts.added,
    counts.duplicates,
    counts.rejected,
    JSON.stringify(progress.recentRejections),
    id,
  ];
}

export function finishPeerRoundParams(
  id: string,
  outcome: { readonly at: number; readonly error?: { readonly code: string; readonly message: string } },
): unknown[] {
  const { at, error } = outcome;
  return [
    at,
    error?.code ?? null,
    at,
    error?.code ?? null,
    error?.message ?? null,
    error === undefined ? null : at,
    id,
  ];
}

export function toPeerRecord(r: Row): PeerRecord {
  const num = (v: unknown) => Number(v);
  const optional = (key: string, v: unknown) => (v === null || v === undefined ? {} : { [key]: num(v) });
  return {
    id: r.id as string,
    name: r.name as string,
    apiRootUrl: r.api_root_url as string,
    remoteCollectionId: r.remote_collection_id as string,
    collectionId: r.collection_id as string,
    orgId: r.org_id as string,
    credentialRef: r.credential_ref as string,
    auth:
      r.auth_scheme === 'basic'
        ? { scheme: 'basic', user: (r.auth_user as string) ?? '' }
        : { scheme: 'bearer' },
    enabled: num(r.enabled) === 1,
    intervalMs: num(r.interval_ms),
    createdAt: num(r.created_at),
    position: {
      ...(r.added_after === null ? {} : { addedAfter: r.added_after as string }),
      ...(r.next_token === null ? {} : { next: r.next_token as string }),
    },
    ...optional('lastAttemptAt', r.last_attempt_at),
    ...optional('lastSuccessAt', r.last_success_at),
    ...(r.last_error_code === null
      ? {}
      : {
          lastError: {
            code: r.last_error_code as string,
            message: (r.last_error_message as string | null) ?? '',
            at: num(r.last_error_at),
          },
        }),
    counters: {
      received: num(r.received),
      added: num(r.added),
      duplicates: num(r.duplicates),
      rejected: num(r.rejected),
    },
    recentRejections: JSON.parse(r.recent_rejections as string) as PeerRejection[],
  };
}
