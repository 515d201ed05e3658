import type { TestHub } from './create-test-hub.js';
import { basic } from './create-test-hub.js';

/** The password of every user the helpers create (scrypt makes each user cost ~90 ms). */
export const USER_PASSWORD = 'correct horse battery staple';

/** Creates an organisation (class `private` unless told) and returns it. */
export function addOrg(t: TestHub, name: string, orgClass = 'private') {
  return t.hub.admin.addOrganisation(name, orgClass);
}

/** Creates a user and returns its Basic credentials. */
export async function addUser(
  t: TestHub,
  name: string,
  org: string,
  roles: readonly string[],
): Promise<string> {
  await t.hub.admin.addUser(name, { org, roles, password: USER_PASSWORD });
  return basic(name, USER_PASSWORD);
}

/** Creates a community (API root) with the hub's max_content_length unless told. */
export function addCommunity(t: TestHub, name: string, maxContentLength = 10 * 1024 * 1024) {
  return t.hub.admin.addCommunity(name, { title: `Community ${name}`, maxContentLength });
}

/** Creates a collection and returns its id. */
export async function addCollection(
  t: TestHub,
  community: string,
  title: string,
  grants: { read?: readonly string[]; write?: readonly string[]; alias?: string } = {},
): Promise<string> {
  const c = await t.hub.admin.addCollection({
    community,
    title,
    read: grants.read ?? [],
    write: grants.write ?? [],
    ...(grants.alias === undefined ? {} : { alias: grants.alias }),
  });
  return c.id;
}
