import type { Principal } from '../../auth/index.js';
import { HubError } from '../../core/index.js';
import type { Collection, Community } from '../../store/index.js';
import type { ApiOperation } from '../openapi.js';
import type { ObjectSchema } from '../openapi-schema.js';
import type { AdminOperations } from './admin-api-port.js';

/** What a handler is given: the checked input and the target the dispatcher resolved. */
export interface AdminContext {
  readonly principal: Principal;
  /** The admin service, audited as done by this principal. */
  readonly ops: AdminOperations;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, unknown>>;
  // biome-ignore lint/suspicious/noExplicitAny: checked against the route's `requestBody` schema before use.
  readonly body: any;
  /** Resolved for `community` and `collection` routes. */
  readonly community?: Community;
  readonly collection?: Collection;
  /** Communities the caller administers (for the `communities` route). */
  readonly administered: readonly Community[];
  /** The hub's transport cap, the largest max_content_length a community may have. */
  readonly maxBodyBytes: number;
}

export interface AdminReply {
  readonly status: number;
  readonly body?: unknown;
}

/**
 * One admin route, declared once: the registration below and the OpenAPI document are both
 * derived from it. `target` says what it administers, and is the only input to the
 * authorization decision (auth/admin-policy.ts), taken here before any handler runs.
 */
export interface AdminRoute extends ApiOperation {
  readonly target: 'hub' | 'communities' | 'community' | 'collection';
  readonly requestBody?: ObjectSchema;
  handle(ctx: AdminContext): Promise<AdminReply>;
}

/** A bad body field: 400 with `details.field` naming it. */
export const invalidField = (field: string, message: string) =>
  new HubError('CAIRN_INVALID_INPUT', message, { details: { field } });

/** A target that does not exist, or that the caller may not see: the same 404 either way. */
export const notFound = (what: string, key: string) =>
  new HubError('CAIRN_NOT_FOUND', `Cannot find ${what} "${key.slice(0, 80)}"`);
