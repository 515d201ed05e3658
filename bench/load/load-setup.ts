/**
 * The tenancy the load test signs in with, created through the hub's own administration
 * service before the server starts: one member organisation of the `hub` community, an analyst
 * user or an API token per client (so per-principal rate limits apply to each client alone),
 * plus one token shared by the "greedy" clients that are meant to hit the limit.
 */
import { createHub, HUB_COMMUNITY } from '../../src/app/index.js';
import { loadConfig } from '../../src/config/index.js';

export const ADMIN_PASSWORD = 'load-test-admin-password';
const ANALYST_PASSWORD = 'load-test-analyst-password';

export interface LoadPrincipals {
  /** `Authorization` header values, one per regular client. */
  readonly clients: readonly string[];
  /** The one `Authorization` header the greedy clients share. */
  readonly greedy: string;
  /** The collection every client reads and writes. */
  readonly collectionId: string;
}

/** The server's environment for a backend: a SQLite data directory or a PostgreSQL URL. */
export type BackendEnv = Readonly<Record<string, string>>;

export async function createLoadPrincipals(env: BackendEnv, clientCount: number): Promise<LoadPrincipals> {
  const hub = await createHub(
    loadConfig({ env: { ...env, CAIRN_ADMIN_PASSWORD: ADMIN_PASSWORD }, flags: { logLevel: 'silent' } }),
  );
  try {
    const admin = hub.admin;
    await admin.addOrganisation('load-member', 'private');
    await admin.addMember(HUB_COMMUNITY, 'load-member');
    const collection = (await hub.store.tenancy.listCollections())[0];
    if (collection === undefined) throw new Error('The bootstrap created no collection');
    const bearer = async (name: string) =>
      `Bearer ${(await admin.createToken({ org: 'load-member', name, scope: 'write' })).token}`;
    const analyst = async (name: string) => {
      await admin.addUser(name, {
        org: 'load-member',
        roles: [`analyst@${HUB_COMMUNITY}`],
        password: ANALYST_PASSWORD,
      });
      return `Basic ${Buffer.from(`${name}:${ANALYST_PASSWORD}`).toString('base64')}`;
    };
    // A quarter of the clients are people signing in with a password (HTTP Basic); the rest
    // are machines with their own tokens.
    const clients: string[] = [];
    for (let i = 0; i < clientCount; i++)
      clients.push(await (i % 4 === 0 ? analyst(`load-analyst-${i}`) : bearer(`load-client-${i}`)));
    return { clients, greedy: await bearer('load-greedy'), collectionId: collection.id };
  } finally {
    await hub.close();
  }
}
