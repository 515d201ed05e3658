import { randomUUID } from 'node:crypto';
import { HubError, isHubError } from '../core/index.js';
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
  /** Default DEFAULT_PEER_INTERVAL_MS. */
  readonly intervalMs?: number;
}

export interface PeerAdmin {
  /**
   * Input errors carry `details.field`, the PeerInput property at fault (`org` and `into` also
   * for an organisation or collection that does not exist), so each caller can name its own.
   * @throws HubError CAIRN_INVALID_INPUT, CAIRN_NOT_FOUND, CAIRN_COLLECTION_NOT_FOUND, CAIRN_CONFLICT
   */
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
export const MIN_PEER_INTERVAL_MS = 1000;
export const DEFAULT_PEER_INTERVAL_MS = 300_000;

type InputField = keyof PeerInput;
const invalid = (field: InputField, message: string) =>
  new HubError('CAIRN_INVALID_INPUT', message, { details: { field } });
/** Something the input names does not exist. */
const missing = (
  code: 'CAIRN_NOT_FOUND' | 'CAIRN_COLLECTION_NOT_FOUND',
  field: InputField,
  message: string,
) => new HubError(code, message, { details: { field } });

/** Operator verbs on peers, shared by the CLI and the admin API. */
export function createPeerAdmin(taxii: TaxiiDeps, settings: PullSettings): PeerAdmin {
  const { store } = taxii;
  const show = async (name: string) => {
    const peer = await store.peers.findByName(name);
    if (peer === undefined) throw new HubError('CAIRN_NOT_FOUND', `Cannot find peer "${name.slice(0, 64)}"`);
    return peer;
  };
  return {
    async add(input) {
      const intervalMs = input.intervalMs ?? DEFAULT_PEER_INTERVAL_MS;
      if (!NAME.test(input.name))
        throw invalid('name', 'A peer name is 1-64 letters, digits, ".", "_" or "-"');
      if (!Number.isInteger(intervalMs) || intervalMs < MIN_PEER_INTERVAL_MS)
        throw invalid(
          'intervalMs',
          `The pull interval must be a whole number of milliseconds, at least ${MIN_PEER_INTERVAL_MS}`,
        );
      if (input.remoteCollectionId.trim() === '')
        throw invalid('remoteCollectionId', 'The remote collection id is required');
      if (input.auth.scheme === 'basic' && (input.auth.user === '' || input.auth.user.includes(':')))
        throw invalid('auth', 'A Basic user name is required and cannot contain ":"');
      const apiRoot = apiRootUrl(input.url);
      const credentialRef = onField('credentialRef', () => checkCredentialRef(input.credentialRef));
      const org = await store.tenancy.findOrganisation(input.org);
      if (org === undefined)
        throw missing('CAIRN_NOT_FOUND', 'org', `Cannot find organisation "${input.org.slice(0, 80)}"`);
      const collection = (await store.tenancy.listCollections()).find(
        (c) => c.id === input.into || c.alias === input.into,
      );
      if (collection === undefined)
        throw missing(
          'CAIRN_COLLECTION_NOT_FOUND',
          'into',
          `Cannot find collection "${input.into.slice(0, 80)}"`,
        );
      await store.peers.add({
        id: randomUUID(),
        name: input.name,
        apiRootUrl: apiRoot,
        remoteCollectionId: input.remoteCollectionId,
        collectionId: collection.id,
        orgId: org.id,
        credentialRef,
        auth: input.auth,
        enabled: true,
        intervalMs,
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

/** Runs a check of another module, naming `field` in the input error it throws. */
function onField<T>(field: InputField, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (isHubError(error) && error.code === 'CAIRN_INVALID_INPUT') throw invalid(field, error.message);
    throw error;
  }
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
    throw invalid('url', 'The peer URL is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw invalid('url', 'The peer URL must be http or https');
  if (url.username !== '' || url.password !== '')
    throw invalid('url', 'The peer URL must not carry credentials (use a credential reference)');
  if (url.search !== '' || url.hash !== '')
    throw invalid('url', 'The peer URL is an API root: no query or fragment');
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.toString();
}
