/**
 * @module auth
 * Principals, secret hashing, API tokens, the authenticator and the access policy that
 * decides collection permissions everywhere.
 */
export { type CollectionAccess, canSeeCommunity, collectionAccess } from './access-policy.js';
export { type IssuedToken, issueToken, tryParseToken } from './api-token.js';
export {
  type Authenticator,
  type AuthenticatorOptions,
  createAuthenticator,
  type RequestTransport,
} from './authenticator.js';
export { parseFingerprint, tryParseFingerprint } from './certificate-fingerprint.js';
export { loadPrincipal } from './load-principal.js';
export {
  createLoginThrottle,
  createSharedLoginThrottle,
  LOGIN_FAILURE_WINDOW_MS,
  type LoginThrottle,
  type LoginThrottleOptions,
} from './login-throttle.js';
export { hashSecret, verifySecret } from './password-hash.js';
export { isHubAdmin, type Principal, rolesIn, toReader } from './principal.js';
