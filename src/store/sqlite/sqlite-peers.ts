import type Database from 'better-sqlite3';
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
import { guarded } from './translate-sqlite-error.js';

/** The SQLite PeerRepository (docs/federation.md). */
export function createSqlitePeers(db: Database.Database): PeerRepository {
  const one = (sql: string, ...args: unknown[]) =>
    guarded(() => {
      const row = db.prepare(sql).get(...args) as Row | undefined;
      return row === undefined ? undefined : toPeerRecord(row);
    });
  const changed = (sql: string, args: unknown[]) => guarded(() => db.prepare(sql).run(...args).changes > 0);
  return {
    add: async (peer) => void (await changed(INSERT_PEER_SQL, peerParams(peer))),
    list: () => guarded(() => (db.prepare(listPeersSql('sqlite')).all() as Row[]).map(toPeerRecord)),
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
