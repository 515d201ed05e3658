import { collectionAccess, type Principal, toReader } from '../auth/index.js';
import { HubError } from '../core/index.js';
import { compileVisibility } from '../sharing/index.js';
import { tryTimestampKey } from '../stix/index.js';
import type { Collection, Store } from '../store/store.js';
import { CollectionIndicators, isActive } from './collection-indicators.js';
import { observationsFromInput } from './observations-from-input.js';

export interface IndicatorMatch {
  /** Position of the input value the match is for (0-based). */
  readonly input: number;
  readonly indicator: string;
  readonly name?: string;
  readonly collection: string;
}

export interface MatchRequest {
  readonly principal: Principal;
  /** Collection ids or aliases; absent: every collection the principal may read. */
  readonly collections?: readonly string[];
  /** Each value is matched on its own: a bare SCO, or a bundle of observed-data and SCOs. */
  readonly values: readonly unknown[];
  /** Epoch milliseconds: the time of bare SCOs and of indicator validity. */
  readonly now: number;
}

export interface MatchServiceOptions {
  /** How many collection indexes to keep in memory (least recently used are dropped). */
  readonly maxCollections?: number;
}

/**
 * Matches observations against the active indicators of the collections a principal may
 * read (issue 4). One index per collection, built on first use and synced incrementally
 * before every request; bounded in number.
 */
export function createMatchService(store: Store, options: MatchServiceOptions = {}) {
  const max = options.maxCollections ?? 64;
  const indexes = new Map<string, CollectionIndicators>();

  const indexFor = (collectionId: string): CollectionIndicators => {
    let entry = indexes.get(collectionId);
    if (entry !== undefined) indexes.delete(collectionId);
    else entry = new CollectionIndicators(store, collectionId);
    indexes.set(collectionId, entry);
    if (indexes.size > max) indexes.delete(indexes.keys().next().value as string);
    return entry;
  };

  async function readable(
    principal: Principal,
    wanted: readonly string[] | undefined,
  ): Promise<Collection[]> {
    const communities = new Map((await store.tenancy.listCommunities()).map((c) => [c.id, c]));
    const all = await store.tenancy.listCollections();
    const canRead = (c: Collection) => {
      const community = communities.get(c.communityId);
      return community !== undefined && collectionAccess(principal, community, c).canRead;
    };
    if (wanted === undefined) return all.filter(canRead);
    return wanted.map((key) => {
      const found = all.find((c) => (c.id === key || c.alias === key) && canRead(c));
      if (found === undefined)
        throw new HubError('CAIRN_COLLECTION_NOT_FOUND', `Cannot find collection "${key.slice(0, 80)}"`);
      return found;
    });
  }

  /**
   * The sharing rules apply to match results as to every path out (DESIGN.md §3): a match
   * counts only when the caller may see the very version the index holds, so no TLP:RED,
   * AMBER+STRICT (for providers) or held indicator shows through a match.
   */
  async function visibleTo(
    principal: Principal,
    candidates: readonly IndicatorMatch[],
    collections: readonly Collection[],
  ): Promise<IndicatorMatch[]> {
    const allowed = new Set<string>();
    for (const c of collections) {
      const ids = [...new Set(candidates.filter((m) => m.collection === c.id).map((m) => m.indicator))];
      const { visibility } = compileFilters(principal, c.communityId);
      for (let i = 0; i < ids.length; i += 100) {
        const page = await store.objects.manifest(c.id, {
          ids: ids.slice(i, i + 100),
          versions: { all: true, first: false, last: false, keys: [] },
          anySpecVersion: true,
          limit: 100_000,
          ...(visibility === undefined ? {} : { visibility }),
        });
        const index = indexes.get(c.id);
        for (const v of page.items) {
          const held = index?.index.get(v.stixId)?.meta.versionKey;
          if (held !== undefined && tryTimestampKey(v.version) === held) allowed.add(`${c.id} ${v.stixId}`);
        }
      }
    }
    return candidates.filter((m) => allowed.has(`${m.collection} ${m.indicator}`));
  }

  return {
    async match(request: MatchRequest): Promise<IndicatorMatch[]> {
      const collections = await readable(request.principal, request.collections);
      const synced: CollectionIndicators[] = [];
      for (const c of collections) {
        const entry = indexFor(c.id);
        await entry.sync();
        synced.push(entry);
      }
      const candidates: IndicatorMatch[] = [];
      request.values.forEach((value, input) => {
        const observations = observationsFromInput(value);
        for (const entry of synced) {
          for (const id of entry.index.match(observations, { now: request.now })) {
            const meta = entry.index.get(id)?.meta;
            if (meta === undefined || !isActive(meta, request.now)) continue;
            candidates.push({
              input,
              indicator: id,
              ...(meta.name === undefined ? {} : { name: meta.name }),
              collection: entry.collectionId,
            });
          }
        }
      });
      return visibleTo(request.principal, candidates, collections);
    },
    /** Forgets a collection's index (after deletions, which the added-order feed cannot show). */
    invalidate(collectionId: string): void {
      indexes.delete(collectionId);
    },
  };
}

export type MatchService = ReturnType<typeof createMatchService>;

function compileFilters(principal: Principal, communityId: string) {
  const visibility = compileVisibility(toReader(principal, communityId));
  return visibility === undefined ? {} : { visibility };
}
