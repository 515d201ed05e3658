/**
 * @module federation
 * TAXII 2.1 federation (docs/federation.md): a TAXII client, and pulling a peer's collection
 * through the same add path as every other submission. Push is not built yet.
 */
export { type CredentialEnv, checkCredentialRef, resolveCredential } from './credential-ref.js';
export { createFederationPullJob } from './federation-pull-job.js';
export {
  createPeerAdmin,
  DEFAULT_PEER_INTERVAL_MS,
  MIN_PEER_INTERVAL_MS,
  type PeerAdmin,
  type PeerInput,
} from './peer-admin.js';
export { type PullDeps, type PullRound, pullPeer } from './pull-peer.js';
export { DEFAULT_PULL_SETTINGS, type PullSettings } from './pull-settings.js';
export {
  fetchObjectsPage,
  type ObjectsPage,
  type ObjectsPageRequest,
  type TaxiiClientOptions,
} from './taxii-client.js';
