import { HubError, isHubError } from '../core/index.js';
import type { PeerPosition, PeerRecord, StatusDetail } from '../store/store.js';
import type { TaxiiDeps } from '../taxii/index.js';
import { type CredentialEnv, resolveCredential } from './credential-ref.js';
import { peerAuthorization } from './peer-authorization.js';
import { peerPrincipal } from './peer-principal.js';
import type { PullSettings } from './pull-settings.js';
import { storePage } from './store-page.js';
import { fetchObjectsPage, type ObjectsPage, type TaxiiClientOptions } from './taxii-client.js';

export interface PullDeps {
  readonly taxii: TaxiiDeps;
  /** Where `env:` credential references are looked up. */
  readonly env: CredentialEnv;
  readonly settings: PullSettings;
}

/** What one round did (also what `cairn peer pull` prints). */
export interface PullRound {
  readonly peer: string;
  readonly pages: number;
  readonly received: number;
  readonly added: number;
  readonly duplicates: number;
  readonly held: number;
  readonly rejected: number;
  /** True when the round reached the end of the remote collection (not cut by the page bound). */
  readonly caughtUp: boolean;
  readonly position: PeerPosition;
  /** Why the round stopped early; the pages before it are kept. */
  readonly error?: { readonly code: string; readonly message: string };
}

/**
 * One pull round for one peer (docs/federation.md): pages through the remote collection
 * from the saved position, stores each page through the TAXII add path as the peer's
 * principal, and saves the position only after the page is committed, so a crash repeats
 * at most one page and the repeat is all duplicates. Bounded by `maxPagesPerRound`. Never
 * throws: a failure ends the round and is recorded on the peer.
 */
export async function pullPeer(deps: PullDeps, peer: PeerRecord): Promise<PullRound> {
  const { store } = deps.taxii;
  const totals = { pages: 0, received: 0, added: 0, duplicates: 0, held: 0, rejected: 0 };
  let position = peer.position;
  let rejections = peer.recentRejections;
  let caughtUp = false;
  let failure: { code: string; message: string } | undefined;
  try {
    const target = await localTarget(deps.taxii, peer);
    const client: TaxiiClientOptions = {
      authorization: peerAuthorization(peer.auth, await resolveCredential(peer.credentialRef, deps.env)),
      timeoutMs: deps.settings.timeoutMs,
      maxResponseBytes: deps.settings.maxResponseBytes,
    };
    while (totals.pages < deps.settings.maxPagesPerRound) {
      const page = await fetchFrom(peer, position, client, deps.settings.pageSize);
      totals.pages++;
      // Checked before storing: a page the walk cannot move past is not stored at all.
      const next = nextPosition(position, page);
      const stored =
        page.objects.length === 0
          ? { added: 0, duplicates: 0, held: 0, rejected: [] as readonly StatusDetail[] }
          : await storePage(deps.taxii, target, page.objects);
      rejections = [...rejections, ...stored.rejected].slice(-deps.settings.keptRejections);
      await store.peers.advance(peer.id, {
        position: next,
        counts: {
          received: page.objects.length,
          added: stored.added,
          duplicates: stored.duplicates,
          rejected: stored.rejected.length,
        },
        recentRejections: rejections,
      });
      totals.received += page.objects.length;
      totals.added += stored.added;
      totals.duplicates += stored.duplicates;
      totals.held += stored.held;
      totals.rejected += stored.rejected.length;
      position = next;
      if (!page.more) {
        caughtUp = true;
        break;
      }
    }
  } catch (error) {
    failure = isHubError(error)
      ? { code: error.code, message: error.message }
      : { code: 'CAIRN_INTERNAL', message: 'The pull failed unexpectedly' };
  }
  await store.peers.finishRound(peer.id, {
    at: deps.taxii.clock.nowMicros(),
    ...(failure === undefined ? {} : { error: failure }),
  });
  return {
    peer: peer.name,
    ...totals,
    caughtUp,
    position,
    ...(failure === undefined ? {} : { error: failure }),
  };
}

/** The peer's local collection, community and principal. @throws HubError CAIRN_COLLECTION_NOT_FOUND */
async function localTarget(taxii: TaxiiDeps, peer: PeerRecord) {
  const collection = (await taxii.store.tenancy.listCollections()).find((c) => c.id === peer.collectionId);
  const community =
    collection === undefined ? undefined : await taxii.store.tenancy.findCommunity(collection.communityId);
  if (collection === undefined || community === undefined) {
    throw new HubError(
      'CAIRN_COLLECTION_NOT_FOUND',
      `The local collection of peer "${peer.name}" no longer exists`,
    );
  }
  return {
    principal: await peerPrincipal(taxii.store, peer, community.id),
    root: community.name,
    collectionId: collection.id,
  };
}

/**
 * The page at `position`. A `next` the peer no longer honours (expired, or the peer was
 * rebuilt) is dropped once for a fresh walk from `addedAfter`: at worst a repeat, deduplicated.
 */
async function fetchFrom(
  peer: PeerRecord,
  position: PeerPosition,
  client: TaxiiClientOptions,
  limit: number,
): Promise<ObjectsPage> {
  const request = { apiRootUrl: peer.apiRootUrl, collectionId: peer.remoteCollectionId, limit };
  const withAddedAfter =
    position.addedAfter === undefined ? request : { ...request, addedAfter: position.addedAfter };
  if (position.next === undefined) return fetchObjectsPage(withAddedAfter, client);
  try {
    return await fetchObjectsPage({ ...withAddedAfter, next: position.next }, client);
  } catch (error) {
    if (!isHubError(error) || error.code !== 'CAIRN_PEER_REFUSED' || error.details?.status !== 400)
      throw error;
    return fetchObjectsPage(withAddedAfter, client);
  }
}

/**
 * Where the walk resumes after `page`: `added_after` moves to the page's last date_added,
 * `next` is kept while the peer has more. A page that moves neither cannot be resumed past.
 * @throws HubError CAIRN_PEER_INVALID_RESPONSE when objects come without a way to move on.
 */
function nextPosition(position: PeerPosition, page: ObjectsPage): PeerPosition {
  const addedAfter =
    page.objects.length > 0 ? (page.dateAddedLast ?? position.addedAfter) : position.addedAfter;
  const next = page.more ? page.next : undefined;
  const moved = addedAfter !== position.addedAfter || next !== undefined;
  if (page.objects.length > 0 && !moved) {
    throw new HubError(
      'CAIRN_PEER_INVALID_RESPONSE',
      'The peer sent objects without X-TAXII-Date-Added-Last or "next", so the pull cannot move past them',
    );
  }
  if (page.more && !moved) {
    throw new HubError(
      'CAIRN_PEER_INVALID_RESPONSE',
      'The peer says "more" but gives no way to the next page',
    );
  }
  return { ...(addedAfter === undefined ? {} : { addedAfter }), ...(next === undefined ? {} : { next }) };
}
