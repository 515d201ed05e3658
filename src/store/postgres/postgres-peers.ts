import {
  ADVANCE_PEER_SQL,
  advancePeerParams,
  FIND_PEER_BY_NAME_SQL,
  FINISH_PEER_ROUND_SQL,
  finishPeerRoundParams,
  GET_PEER_SQL,
  INSERT_PEER_SQL,
  listPeersSql,
  peerParams,
  REMOVE_PEER_SQL,
  SET_PEER_POSITION_SQL,
  toPeerRecord,
} from '../sql/peer-sql.js';
import type { Row } from '../sql/tenancy-rows.js';
import type { PeerRepository } from '../store.js';
import { type PgQueryable, toPgPlaceholders } from './pg-database.js';

/** The PostgreSQL PeerRepository: the same table and rows as the SQLite adapter. */
export function createPgPeers(db: PgQueryable): PeerRepository {
  const rows = async (sql: string, args: unknown[]) =>
    (await db.query<Row>(toPgPlaceholders(sql), args)).rows;
  const one = async (sql: string, ...args: unknown[]) => {
    const [row] = await rows(sql, args);
    return row === undefined ? undefined : toPeerRecord(row);
  };
  const changed = async (sql: string, args: unknown[]) =>
    ((await db.query(toPgPlaceholders(sql), args)).rowCount ?? 0) > 0;
  return {
    add: async (peer) => void (await changed(INSERT_PEER_SQL, peerParams(peer))),
    list: async () => (await rows(listPeersSql('postgres'), [])).map(toPeerRecord),
    findByName: (name) => one(FIND_PEER_BY_NAME_SQL, name),
    get: (id) => one(GET_PEER_SQL, id),
    remove: (id) => changed(REMOVE_PEER_SQL, [id]),
    advance: async (id, progress) => void (await changed(ADVANCE_PEER_SQL, advancePeerParams(id, progress))),
    finishRound: async (id, outcome) =>
      void (await changed(FINISH_PEER_ROUND_SQL, finishPeerRoundParams(id, outcome))),
    setPosition: async (id, position) =>
      void (await changed(SET_PEER_POSITION_SQL, [position.addedAfter ?? null, position.next ?? null, id])),
  };
}
