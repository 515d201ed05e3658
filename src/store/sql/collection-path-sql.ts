import type { CollectionPath } from '../store.js';
import {
  COLLECTION_COLUMNS,
  COMMUNITY_COLUMNS,
  prefixedColumns,
  type Row,
  toCollection,
  toCommunity,
  unprefixed,
} from './tenancy-rows.js';

/**
 * The community of an API root and a collection in it, in one statement: every TAXII request
 * on a collection starts with this lookup (taxii/service/resolve.ts), so on PostgreSQL it is
 * one round trip instead of two. Parameters: the collection id or alias (twice), then the
 * community name; `?` placeholders, which the PostgreSQL adapter renumbers. The collection
 * columns travel under a prefix: both tables have `id`, `title`, `description`, `created_at`.
 */
const COLL = 'coll__';

export const FIND_COLLECTION_PATH_SQL = `SELECT ${COMMUNITY_COLUMNS.map((c) => `c.${c}`).join(', ')},
    ${prefixedColumns('k', COLLECTION_COLUMNS, COLL)}
  FROM communities c
  LEFT JOIN collections k ON k.community_id = c.id AND (k.id = ? OR k.alias = ?)
  WHERE c.name = ?`;

export function toCollectionPath(r: Row): CollectionPath {
  const collection = unprefixed(r, COLLECTION_COLUMNS, COLL);
  return {
    community: toCommunity(r),
    collection: collection.id === null ? undefined : toCollection(collection),
  };
}
