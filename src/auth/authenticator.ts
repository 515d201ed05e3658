import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuditLog } from '../audit/index.js';
import type { Store } from '../store/store.js';
import { tryParseToken } from './api-token.js';
import { createCertificateAuthenticator } from './certificate-authenticator.js';
import { tryParseFingerprint } from './certificate-fingerprint.js';
import { loadPrincipal } from './load-principal.js';
import type { LoginThrottle } from './login-throttle.js';
import { verifySecret } from './password-hash.js';
import type { Principal } from './principal.js';

/** Turns request credentials into a principal, or null when they are absent or wrong. */
export interface Authenticator {
  authenticate(
    authorization: string | undefined,
    clientAddress: string,
    transport?: RequestTransport,
  ): Promise<Principal | null>;
  /**
   * The principal loaded again from the store, for a long-lived request (a live stream) that
   * must notice revocation; null when it was revoked, expired or removed since, or was not
   * issued by this authenticator.
   */
  reload(principal: Principal): Promise<Principal | null>;
}

/** What the connection itself proved about the client. */
export interface RequestTransport {
  /**
   * SHA-256 fingerprint of the TLS client certificate, only when the server verified it
   * against the configured CA (`socket.authorized`); never an unverified one.
   */
  readonly verifiedCertificate?: string;
}

export interface AuthenticatorOptions {
  readonly throttle: LoginThrottle;
  /** How long a verified credential skips the scrypt check (ms). Revocation still applies at once. */
  readonly cacheTtlMs?: number;
  readonly now?: () => number;
  /**
   * Where logins are audited: every failure, and every success that had to verify the
   * secret (a cache miss), so a credential in use is recorded once per `cacheTtlMs`.
   */
  readonly audit?: AuditLog;
}

type Credential =
  | { kind: 'password'; user: string; password: string }
  | { kind: 'token'; id: string; secret: string };

/**
 * HTTP Basic (user:password, or anything:token) and Bearer tokens. A successful scrypt
 * verification is remembered under a keyed digest of the credential for `cacheTtlMs`, so
 * clients polling every second do not pay 100 ms each time; the principal itself is
 * reloaded on every request, so a revoked token or removed user is refused at once. A
 * verified TLS client certificate authenticates a request that has no Authorization header
 * (certificate-authenticator.ts).
 */
export function createAuthenticator(store: Store, options: AuthenticatorOptions): Authenticator {
  const ttl = options.cacheTtlMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const cacheKey = randomBytes(32);
  const verified = new Map<string, { subject: string; expires: number }>();
  const MAX_CACHE = 50_000;
  const certificates = createCertificateAuthenticator(store, {
    auditTtlMs: ttl,
    now,
    ...(options.audit === undefined ? {} : { audit: options.audit }),
  });

  async function check(cred: Credential): Promise<string | null> {
    if (cred.kind === 'token') {
      const token = await store.tenancy.findToken(cred.id);
      return token !== undefined && (await verifySecret(cred.secret, token.secretHash))
        ? `token:${token.id}`
        : null;
    }
    const user = await store.tenancy.findUser(cred.user);
    if (user === undefined || user.name !== cred.user) {
      // Spend the same time as a real check so user names cannot be probed by timing.
      await verifySecret(cred.password, DUMMY_HASH);
      return null;
    }
    return (await verifySecret(cred.password, user.passwordHash)) ? `user:${user.id}` : null;
  }

  // Queued, not awaited: the request never waits for the audit commit (docs/audit.md).
  const auditSuccess = (p: Principal, address: string) =>
    options.audit?.recordSoon({
      event: p.kind === 'token' ? 'token.use' : 'login.success',
      actor: { kind: p.kind, id: p.id, name: p.name, orgId: p.orgId, address },
    });
  // The user name tried is kept (it identifies the target of guessing); the password never is.
  const auditFailure = (cred: Credential, address: string, reason: string) =>
    options.audit?.recordSoon({
      event: 'login.failure',
      actor:
        cred.kind === 'token'
          ? { kind: 'anonymous', id: cred.id, address }
          : { kind: 'anonymous', name: cred.user, address },
      details: { method: cred.kind, reason },
    });

  // Which subject each issued principal was loaded from (a certificate's principal carries the
  // registration's id, not the fingerprint it is found by), for `reload`.
  const subjects = new WeakMap<Principal, string>();
  const issued = (principal: Principal | null, subject: string): Principal | null => {
    if (principal !== null) subjects.set(principal, subject);
    return principal;
  };

  const verifying = new Map<string, Promise<string | null>>();
  /** Checks the secret (slowed down after failures) and caches a success; null when wrong. */
  async function verify(cred: Credential, digest: string, clientAddress: string): Promise<string | null> {
    const keys = [`addr:${clientAddress}`, cred.kind === 'token' ? `token:${cred.id}` : `user:${cred.user}`];
    const delay = await options.throttle.delayFor(keys);
    if (delay > 0) await sleep(delay);
    const subject = await check(cred);
    if (subject === null) {
      await options.throttle.recordFailure(keys);
      auditFailure(cred, clientAddress, 'invalid-credentials');
      return null;
    }
    await options.throttle.recordSuccess(keys);
    if (verified.size >= MAX_CACHE) verified.clear();
    verified.set(digest, { subject, expires: now() + ttl });
    return subject;
  }

  return {
    async authenticate(authorization, clientAddress, transport) {
      // An Authorization header, when present, wins over a client certificate (issue 7):
      // a person at a certificate-holding machine can still act as themselves.
      if (authorization === undefined && transport?.verifiedCertificate !== undefined) {
        const fingerprint = tryParseFingerprint(transport.verifiedCertificate);
        const principal = await certificates.authenticate(transport.verifiedCertificate, clientAddress);
        return fingerprint === undefined ? principal : issued(principal, `certificate:${fingerprint}`);
      }
      const cred = parseAuthorization(authorization);
      if (cred === undefined) return null;
      const digest = createHash('sha256')
        .update(cacheKey)
        .update(authorization as string)
        .digest('base64url');
      const hit = verified.get(digest);
      let subject = hit !== undefined && hit.expires > now() ? hit.subject : null;
      if (subject === null) {
        // Concurrent requests with the same credential share one verification: a client
        // opening 50 connections at once costs one scrypt check, not 50.
        const running = verifying.get(digest);
        const verification = running ?? verify(cred, digest, clientAddress);
        if (running === undefined) {
          verifying.set(digest, verification);
          void verification.finally(() => verifying.delete(digest)).catch(() => undefined);
        }
        subject = await verification;
        if (subject === null) return null;
        const principal = await loadPrincipal(store, subject, now() * 1000);
        if (principal === null) {
          verified.delete(digest);
          if (running === undefined) auditFailure(cred, clientAddress, 'inactive');
        } else if (running === undefined) auditSuccess(principal, clientAddress);
        return issued(principal, subject);
      }
      // A cached credential: no audit write, so polling clients add nothing per request.
      const principal = await loadPrincipal(store, subject, now() * 1000);
      if (principal === null) verified.delete(digest);
      return issued(principal, subject);
    },
    async reload(principal) {
      const subject = subjects.get(principal);
      if (subject === undefined) return null;
      return issued(await loadPrincipal(store, subject, now() * 1000), subject);
    },
  };
}

// A valid hash of a random secret, verified when the user does not exist.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

function parseAuthorization(header: string | undefined): Credential | undefined {
  if (header === undefined || header.length > 4096) return undefined;
  const space = header.indexOf(' ');
  if (space < 0) return undefined;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (scheme === 'bearer') {
    const token = tryParseToken(value);
    return token === undefined ? undefined : { kind: 'token', ...token };
  }
  if (scheme !== 'basic') return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  const token = tryParseToken(password);
  if (token !== undefined) return { kind: 'token', ...token };
  if (user.length === 0 || password.length === 0) return undefined;
  return { kind: 'password', user, password };
}
