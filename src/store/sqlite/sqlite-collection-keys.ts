import type Database from 'better-sqlite3';
import { HubError } from '../../core/index.js';

/** Maps collection UUIDs to the compact integer key the objects table uses. */
export interface CollectionKeys {
  /** The key of a collection; throws CAIRN_COLLECTION_NOT_FOUND when there is none. */
  require(collectionId: string): number;
}

export function createCollectionKeys(db: Database.Database): CollectionKeys {
  const cache = new Map<string, number>();
  const lookup = db.prepare('SELECT num FROM collections WHERE id = ?');
  return {
    require(collectionId) {
      const cached = cache.get(collectionId);
      if (cached !== undefined) return cached;
      const row = lookup.get(collectionId) as { num: number } | undefined;
      if (row === undefined)
        throw new HubError('CAIRN_COLLECTION_NOT_FOUND', `Cannot find collection "${collectionId}"`);
      cache.set(collectionId, row.num);
      return row.num;
    },
  };
}
