import { randomUUID } from 'node:crypto';
import { HubError } from '../core/index.js';
import type { PeerAuth, PeerRecord } from '../store/store.js';
import type { TaxiiDeps } from '../taxii/index.js';
import { type CredentialEnv, checkCredentialRef } from './credential-ref.js';
import { type PullRound, pullPeer } from './pull-peer.js';
import type { PullSettings } from './pull-settings.js';

/** What an operator gives to add a peer (`cairn peer add`). */
export interface PeerInput {
  readonly name: string;
  /** The remote API root URL (http or https). */
  readonly url: string;
  readonly remoteCollectionId: string;
  /** The local collection, by id or alias. */
  readonly into: string;
  /** The local organisation, by id or name. */
  readonly org: string;
  readonly credentialRef: string;
  readonly auth: PeerAuth;
  readonly intervalMs: number;
}

export interface PeerAdmin {
  /** @throws HubError CAIRN_INVALID_INPUT, CAIRN_NOT_FOUND, CAIRN_COLLECTION_NOT_FOUND, CAIRN_CONFLICT */
  add(input: PeerInput): Promise<PeerRecord>;
  list(): Promise<PeerRecord[]>;
  /** @throws HubError CAIRN_NOT_FOUND */
  show(name: string): Promise<PeerRecord>;
  /** @throws HubError CAIRN_NOT_FOUND */
  remove(name: string): Promise<PeerRecord>;
  /** One round now; `restart` first forgets the position (a full re-pull, deduplicated). */
  pull(
    name: string,
    options: { readonly env: CredentialEnv; readonly restart?: boolean },
  ): Promise<PullRound>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MIN_INTERVAL_MS = 1000;

/** Operator verbs on peers, shared by the CLI (and later an admin API). */
export function createPeerAdmin(taxii: TaxiiDeps, settings: PullSettings): PeerAdmin {
  const { store } = taxii;
  const show = async (name: string) => {
    const peer = await store.peers.findByName(name);
    if (peer === undefined) throw new HubError('CAIRN_NOT_FOUND', `Cannot find peer "${name.slice(0, 64)}"`);
    return peer;
  };
  return {
    async add(input) {
      const invalid = (message: string) => new HubError('CAIRN_INVALID_INPUT', message);
      if (!NAME.test(input.name)) throw invalid('A peer name is 1-64 letters, digits, ".", "_" or "-"');
      if (!Number.isInteger(input.intervalMs) || input.intervalMs < MIN_INTERVAL_MS)
        throw invalid(
          `The pull interval must be a whole number of milliseconds, at least ${MIN_INTERVAL_MS}`,
        );
      if (input.remoteCollectionId.trim() === '') throw invalid('The remote collection id is required');
      if (input.auth.scheme === 'basic' && (input.auth.user === '' || input.auth.user.includes(':')))
        throw invalid('A Basic user name is required and cannot contain ":"');
      const org = await store.tenancy.findOrganisation(input.org);
      if (org === undefined) throw new HubError('CAIRN_NOT_FOUND', `Cannot find organisation "${input.org}"`);
      const collection = (await store.tenancy.listCollections()).find(
        (c) => c.id === input.into || c.alias === input.into,
      );
      if (collection === undefined)
        throw new HubError('CAIRN_COLLECTION_NOT_FOUND', `Cannot find collection "${input.into}"`);
      await store.peers.add({
        id: randomUUID(),
        name: input.name,
        apiRootUrl: apiRootUrl(input.url),
        remoteCollectionId: input.remoteCollectionId,
        collectionId: collection.id,
        orgId: org.id,
        credentialRef: checkCredentialRef(input.credentialRef),
        auth: input.auth,
        enabled: true,
        intervalMs: input.intervalMs,
        createdAt: taxii.clock.nowMicros(),
      });
      return show(input.name);
    },
    list: () => store.peers.list(),
    show,
    async remove(name) {
      const peer = await show(name);
      await store.peers.remove(peer.id);
      return peer;
    },
    async pull(name, options) {
      const peer = await show(name);
      if (options.restart !== true) return pullPeer({ taxii, env: options.env, settings }, peer);
      await store.peers.setPosition(peer.id, {});
      return pullPeer({ taxii, env: options.env, settings }, { ...peer, position: {} });
    },
  };
}

/**
 * The API root URL, normalised to end in `/`. http and https only, and no credentials in
 * the URL: they would be stored (use a credential reference).
 * @throws HubError CAIRN_INVALID_INPUT
 */
function apiRootUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new HubError('CAIRN_INVALID_INPUT', 'The peer URL is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new HubError('CAIRN_INVALID_INPUT', 'The peer URL must be http or https');
  if (url.username !== '' || url.password !== '')
    throw new HubError('CAIRN_INVALID_INPUT', 'The peer URL must not carry credentials (use --credential)');
  if (url.search !== '' || url.hash !== '')
    throw new HubError('CAIRN_INVALID_INPUT', 'The peer URL is an API root: no query or fragment');
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.toString();
}
