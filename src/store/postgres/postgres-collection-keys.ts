import { HubError } from '../../core/index.js';
import type { PgQueryable } from './pg-database.js';

/** Maps collection UUIDs to the compact integer key the objects table uses. */
export interface PgCollectionKeys {
  /** The key of a collection; throws CAIRN_COLLECTION_NOT_FOUND when there is none. */
  require(collectionId: string): Promise<number>;
}

/**
 * Collections are never deleted or renumbered, so a key once read stays true on every node;
 * a collection created through another node is simply a cache miss here.
 */
export function createPgCollectionKeys(db: PgQueryable): PgCollectionKeys {
  const cache = new Map<string, number>();
  return {
    async require(collectionId) {
      const cached = cache.get(collectionId);
      if (cached !== undefined) return cached;
      const { rows } = await db.query<{ num: number }>('SELECT num FROM collections WHERE id = $1', [
        collectionId,
      ]);
      const num = rows[0]?.num;
      if (num === undefined)
        throw new HubError('CAIRN_COLLECTION_NOT_FOUND', `Cannot find collection "${collectionId}"`);
      cache.set(collectionId, num);
      return num;
    },
  };
}
