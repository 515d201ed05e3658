import { randomUUID } from 'node:crypto';
import type { Principal } from '../../auth/index.js';
import { HubError } from '../../core/index.js';
import { tryParseStixId, tryTimestampKey } from '../../stix/index.js';
import type { CollectionPolicy, StatusDetail, StatusRecord } from '../../store/store.js';
import type { StatusResource, TaxiiResponse } from '../resources.js';
import { checkProtectedSubmission, piiModeFor, protectSubmission } from './pcii-submission.js';
import { resolveCollection } from './resolve.js';
import { serveReferencedDefinitions } from './serve-definitions.js';
import { toStatusResource } from './status-resource.js';
import { prepareSubmission, submitterPiiContext, type Unshared } from './submission-pii.js';
import { readSubmissionOptions, type SubmissionOptions, submissionContext } from './submission-sharing.js';
import type { ObjectIssue, TaxiiDeps } from './taxii-deps.js';

export interface AddRequest {
  readonly principal: Principal;
  readonly root: string;
  readonly collectionId: string;
  /** The request body: JSON text of a TAXII envelope. */
  readonly body: string;
}

/**
 * TAXII 2.1 §5.5 Add Objects. Each object is validated; valid ones are stored in one
 * transaction together with the status, invalid ones become `failures` with the rule and
 * property that failed (T139). Answers 202 with a complete status (T135).
 *
 * @throws HubError CAIRN_INVALID_ENVELOPE when the body is not an envelope,
 *   CAIRN_PAYLOAD_TOO_LARGE when it carries more objects than allowed.
 */
export async function addObjects(deps: TaxiiDeps, req: AddRequest): Promise<TaxiiResponse> {
  const { community } = await resolveCollection(deps, req.principal, req.root, req.collectionId, 'write');
  // T104: the API root's own limit, checked once the caller is known to see it.
  if (Buffer.byteLength(req.body) > community.maxContentLength) {
    throw new HubError(
      'CAIRN_PAYLOAD_TOO_LARGE',
      `The body is larger than max_content_length (${community.maxContentLength} bytes)`,
    );
  }
  const envelope = parseJson(req.body);
  const objects = envelopeObjects(envelope, deps.limits.maxObjectsPerRequest);
  const options = readSubmissionOptions(envelope as Record<string, unknown>);
  const status = await addObjectList(deps, { ...req, objects, options });
  return { status: 202, body: JSON.stringify(status) };
}

/**
 * Validates and stores a list of objects as one submission (POST, `cairn import`), returning
 * its status resource. The caller must be allowed to write the collection.
 */
export async function addObjectList(
  deps: TaxiiDeps,
  req: {
    readonly principal: Principal;
    readonly root: string;
    readonly collectionId: string;
    readonly objects: readonly unknown[];
    readonly options?: SubmissionOptions;
  },
): Promise<StatusResource> {
  const { community, collection } = await resolveCollection(
    deps,
    req.principal,
    req.root,
    req.collectionId,
    'write',
  );
  const objects = req.objects;
  const protection = req.options?.protection;
  if (protection !== undefined) checkProtectedSubmission(deps, req.principal, community);
  // One lookup of the submitting organisation serves the sharing rules and the PII detectors.
  const org = await deps.store.tenancy.findOrganisation(req.principal.orgId);
  if (org === undefined) throw new HubError('CAIRN_INTERNAL', 'The submitting organisation is missing');
  const sharing = await submissionContext(
    deps,
    { principal: req.principal, org },
    community,
    req.options ?? {},
  );
  const valid: Unshared[] = [];
  const failures: StatusDetail[] = [];
  for (const [index, object] of objects.entries()) {
    const result = prepareObject(deps, object, index, collection.policy);
    if ('failure' in result) failures.push(result.failure);
    else valid.push(result.prepared);
  }
  const shared = prepareSubmission(valid, sharing, {
    mode: piiModeFor(community.piiMode ?? 'redact', protection !== undefined),
    context: submitterPiiContext(org, valid),
  });
  const prepared = protection === undefined ? shared : protectSubmission(shared, protection.statement);
  const status: StatusRecord = {
    id: randomUUID(),
    communityId: community.id,
    collectionId: collection.id,
    submitterOrgId: req.principal.orgId,
    requestTimestamp: deps.clock.nowMicros(),
    status: 'complete',
    totalCount: objects.length,
    successes: [],
    failures,
    pendings: [],
  };
  await serveReferencedDefinitions(deps, collection, deps.hubOrgId, prepared);
  await deps.store.objects.add(collection.id, prepared, status);
  const stored = await deps.store.statuses.get(community.id, status.id);
  return toStatusResource(stored ?? status);
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new HubError('CAIRN_INVALID_ENVELOPE', `The body is not valid JSON: ${(error as Error).message}`);
  }
}

/** The objects of a TAXII envelope (a STIX bundle is accepted too: tools post those). */
function envelopeObjects(envelope: unknown, max: number): readonly unknown[] {
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) {
    throw new HubError(
      'CAIRN_INVALID_ENVELOPE',
      'The request body must be a TAXII envelope: a JSON object with "objects"',
    );
  }
  const objects = (envelope as { objects?: unknown }).objects;
  if (!Array.isArray(objects) || objects.length === 0) {
    throw new HubError('CAIRN_INVALID_ENVELOPE', 'The envelope must have a non-empty "objects" list');
  }
  if (objects.length > max) {
    throw new HubError(
      'CAIRN_PAYLOAD_TOO_LARGE',
      `The envelope holds ${objects.length} objects; at most ${max} are accepted per request`,
    );
  }
  return objects;
}

function prepareObject(
  deps: TaxiiDeps,
  object: unknown,
  index: number,
  policy: CollectionPolicy | undefined,
): { prepared: Unshared } | { failure: StatusDetail } {
  const o = (typeof object === 'object' && object !== null && !Array.isArray(object) ? object : {}) as Record<
    string,
    unknown
  >;
  const id = typeof o.id === 'string' && o.id.length <= 300 ? o.id : `(object ${index} of the envelope)`;
  const modified =
    typeof o.modified === 'string' ? o.modified : typeof o.created === 'string' ? o.created : undefined;
  const errors = deps.validateObject(object, policy).filter((i) => i.severity === 'error');
  const parsedId = tryParseStixId(o.id);
  if (errors.length > 0 || parsedId === undefined) {
    const message =
      errors.length > 0 ? describeIssues(errors) : 'required-property at $.id: the object has no valid "id"';
    return { failure: { id, version: modified ?? 'unknown', message } };
  }
  const versionKey = modified === undefined ? undefined : tryTimestampKey(modified);
  const specVersion = typeof o.spec_version === 'string' ? o.spec_version : '2.1';
  return {
    prepared: {
      stixId: o.id as string,
      type: o.type as string,
      version: modified ?? '',
      versionKey,
      specVersion,
      json: JSON.stringify(object),
      object: o,
    },
  };
}

/** One status message naming each rule, property and problem, e.g. `timestamp-format at $.modified: …`. */
function describeIssues(issues: readonly ObjectIssue[]): string {
  const shown = issues.slice(0, 10).map((i) => `${i.code} at ${i.path}: ${i.message}`);
  if (issues.length > 10) shown.push(`and ${issues.length - 10} more`);
  return shown.join('; ');
}
