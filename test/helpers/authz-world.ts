import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { basic, startTestHub, TAXII, type TestHub, type TestResponse } from './create-test-hub.js';
import { indicator } from './stix-fixtures.js';
import { addCollection, addCommunity, addOrg, addUser } from './tenancy.js';

/** Every kind of caller the authorization matrix checks (issue 7). */
export const PRINCIPALS = [
  'anonymous',
  'wrongPassword',
  'hubAdmin',
  'communityAdmin',
  'otherCommunityAdmin',
  'analyst',
  'reader',
  'reviewer',
  'outsider',
  'provider',
  'readToken',
  'writeToken',
  'revokedToken',
  'expiredToken',
  'otherOrgToken',
  'pciiOfficer',
] as const;
export type Who = (typeof PRINCIPALS)[number];

/** One request of the matrix; `json` bodies go as application/json, `taxii` ones as TAXII envelopes. */
export interface MatrixRequest {
  readonly method: string;
  readonly path: string;
  readonly json?: unknown;
  readonly taxii?: unknown;
  /** The Accept header when it is not TAXII's (live streams). */
  readonly accept?: string;
}

/**
 * The world the matrix runs in: community `alpha` (API root) with collection `shared`
 * (default grants: members read; analysts and community admins write) and an AMBER object
 * submitted by alpha's analyst; community `beta` beside it. Organisations: `alpha-org` and
 * `provider-org` (class provider) are members of alpha, `beta-org` of beta, `outside-org`
 * of nothing. Tokens belong to alpha-org except the other-community one (beta-org).
 */
export interface AuthzWorld {
  readonly t: TestHub;
  readonly alphaId: string;
  readonly collectionId: string;
  /** The seeded object and the status of its submission. */
  readonly objectId: string;
  readonly statusId: string;
  /** A held object (personal data found, community in `hold` mode) that stays held. */
  readonly reviewId: string;
  /** A protected (PCII) submission awaiting validation. */
  readonly pciiId: string;
  /** A federation peer whose credential is not set, so a pull ends at once, touching no network. */
  readonly peerName: string;
  /** Adds a fresh such peer and returns its name. */
  seedPeer(): Promise<string>;
  /** Submits a fresh protected object as alpha's analyst and returns its PCII id. */
  seedPcii(): Promise<string>;
  /** Submits a fresh indicator as alpha's analyst and returns its id. */
  seedObject(): Promise<string>;
  /** Submits a fresh object holding an e-mail address, so it is held, and returns its review id. */
  seedReview(): Promise<string>;
  /** Sends `req` as `who`; each wrong-password call comes from its own loopback address. */
  send(req: MatrixRequest, who: Who): Promise<TestResponse>;
}

const PASSWORD = 'matrix password 1234';
/** Decoy accounts for wrong passwords: spreads failures so the login throttle never delays. */
const DECOYS = 12;

export async function createAuthzWorld(): Promise<AuthzWorld> {
  // A PCII key, so protected submissions are accepted and the PCII routes have something to guard.
  const t = await startTestHub({ 'pcii.key': randomBytes(32).toString('base64') });
  const admin = t.hub.admin;
  await addOrg(t, 'alpha-org');
  await addOrg(t, 'provider-org', 'provider');
  await addOrg(t, 'beta-org');
  await addOrg(t, 'outside-org');
  const alpha = await addCommunity(t, 'alpha');
  await addCommunity(t, 'beta');
  await admin.setCommunityPiiMode('alpha', 'hold');
  for (const [community, org] of [
    ['alpha', 'alpha-org'],
    ['alpha', 'provider-org'],
    ['beta', 'beta-org'],
  ] as const) {
    await admin.addMember(community, org);
  }
  const collectionId = await addCollection(t, 'alpha', 'shared');
  const user = async (name: string, org: string, roles: string[]) => {
    await admin.addUser(name, { org, roles, password: PASSWORD });
    return basic(name, PASSWORD);
  };
  const token = async (org: string, scope: string, expiresAt?: number) => {
    const created = await admin.createToken({
      org,
      scope,
      ...(expiresAt === undefined ? {} : { expiresAt }),
    });
    return { id: created.record.id, header: `Bearer ${created.token}` };
  };
  const revoked = await token('alpha-org', 'read');
  await admin.revokeToken(revoked.id);
  const auth: Record<Exclude<Who, 'wrongPassword'>, string | null> = {
    anonymous: null,
    hubAdmin: t.adminAuth,
    communityAdmin: await user('alpha-admin', 'alpha-org', ['community-admin@alpha']),
    otherCommunityAdmin: await user('beta-admin', 'beta-org', ['community-admin@beta']),
    analyst: await user('alpha-analyst', 'alpha-org', ['analyst@alpha']),
    reader: await user('alpha-reader', 'alpha-org', ['reader@alpha']),
    reviewer: await user('alpha-reviewer', 'alpha-org', ['reviewer@alpha']),
    outsider: await user('outsider', 'outside-org', ['analyst']),
    provider: await user('provider-analyst', 'provider-org', ['analyst@alpha']),
    readToken: (await token('alpha-org', 'read')).header,
    writeToken: (await token('alpha-org', 'write')).header,
    revokedToken: revoked.header,
    expiredToken: (await token('alpha-org', 'read', Date.now() * 1000 - 60_000_000)).header,
    otherOrgToken: (await token('beta-org', 'write')).header,
    pciiOfficer: await user('alpha-officer', 'alpha-org', ['pcii-officer@alpha']),
  };
  for (let i = 0; i < DECOYS; i++) await addUser(t, `decoy-${i}`, 'outside-org', ['reader']);
  let wrongCalls = 0;

  const send = (req: MatrixRequest, who: Who): Promise<TestResponse> => {
    const headers: Record<string, string> = { accept: req.accept ?? TAXII };
    let localAddress: string | undefined;
    if (who === 'wrongPassword') {
      const n = wrongCalls++;
      headers.authorization = basic(`decoy-${n % DECOYS}`, 'not the password at all');
      localAddress = `127.0.${1 + Math.floor(n / 200)}.${1 + (n % 200)}`;
    } else {
      const header = auth[who];
      if (header !== null) headers.authorization = header;
    }
    let body: string | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.taxii !== undefined) {
      headers['content-type'] = TAXII;
      body = JSON.stringify(req.taxii);
    }
    return rawSend(t.url + req.path, req.method, headers, body, localAddress);
  };

  const seedObject = async () => {
    const object = indicator({ name: 'Matrix indicator' });
    const res = await send(
      { method: 'POST', path: `/alpha/collections/${collectionId}/objects/`, taxii: { objects: [object] } },
      'analyst',
    );
    if (res.json?.success_count !== 1) throw new Error(`Seeding failed: ${res.text}`);
    return object.id as string;
  };
  const seedReview = async () => {
    const object = indicator({ name: 'Held', description: 'Reported by jane.doe@example.org' });
    const res = await send(
      { method: 'POST', path: `/alpha/collections/${collectionId}/objects/`, taxii: { objects: [object] } },
      'analyst',
    );
    if (res.status !== 202) throw new Error(`Seeding a review failed: ${res.text}`);
    const held = await t.hub.store.reviews.list({ communityIds: [alpha.id], limit: 10_000 });
    const item = held.find((r) => r.stixId === object.id);
    if (item === undefined) throw new Error('The object was not held for review');
    return item.id;
  };

  const seedPcii = async () => {
    const object = indicator({ name: 'Protected' });
    const res = await send(
      {
        method: 'POST',
        path: `/alpha/collections/${collectionId}/objects/`,
        taxii: {
          objects: [object],
          x_cairn_protected: true,
          x_cairn_pcii_statement: 'This information is voluntarily submitted for protection as PCII',
        },
      },
      'analyst',
    );
    if (res.status !== 202) throw new Error(`Seeding a PCII submission failed: ${res.text}`);
    const pending = await t.hub.store.pcii.list({
      communityIds: [alpha.id],
      state: 'pending',
      limit: 10_000,
    });
    const item = pending.find((r) => r.stixId === object.id);
    if (item === undefined) throw new Error('The protected object is not pending validation');
    return item.id;
  };

  let peers = 0;
  const seedPeer = async () => {
    const peer = await t.hub.peers.add({
      name: `matrix-peer-${++peers}`,
      url: 'https://peer.invalid/api1/',
      remoteCollectionId: '91a7b528-80eb-42ed-a74d-c6fbd5a26116',
      into: collectionId,
      org: 'outside-org',
      credentialRef: 'env:CAIRN_PEER_MATRIX_UNSET',
      auth: { scheme: 'bearer' },
    });
    return peer.name;
  };

  const object = indicator({ name: 'Seeded indicator' });
  const posted = await send(
    { method: 'POST', path: `/alpha/collections/${collectionId}/objects/`, taxii: { objects: [object] } },
    'analyst',
  );
  return {
    t,
    alphaId: alpha.id,
    collectionId,
    objectId: object.id as string,
    statusId: posted.json.id,
    reviewId: await seedReview(),
    pciiId: await seedPcii(),
    peerName: await seedPeer(),
    seedPcii,
    seedPeer,
    seedObject,
    seedReview,
    send,
  };
}

function rawSend(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  localAddress: string | undefined,
): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method, headers, ...(localAddress === undefined ? {} : { localAddress }) },
      (res) => {
        // A live stream that opened stays open: its status is the answer.
        if (res.statusCode === 200 && res.headers['content-type']?.startsWith('text/event-stream')) {
          resolve({ status: 200, headers: new Headers(), text: '', json: undefined });
          res.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: h, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
