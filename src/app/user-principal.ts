import { loadPrincipal, type Principal } from '../auth/index.js';
import { HubError } from '../core/index.js';
import type { Store } from '../store/index.js';

/**
 * The principal of a named user, for console commands that must act as a person rather than
 * as the operator (`cairn pcii … --as NAME`: decisions are an officer's, never a bypass).
 * @throws HubError CAIRN_NOT_FOUND when there is no such user.
 */
export async function userPrincipal(store: Store, name: string, nowMicros: number): Promise<Principal> {
  const user = await store.tenancy.findUser(name);
  const principal =
    user === undefined || user.name !== name
      ? null
      : await loadPrincipal(store, `user:${user.id}`, nowMicros);
  if (principal === null) throw new HubError('CAIRN_NOT_FOUND', `Cannot find user "${name.slice(0, 64)}"`);
  return principal;
}
