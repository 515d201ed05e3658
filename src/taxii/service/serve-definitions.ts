import { randomUUID } from 'node:crypto';
import { tlpMarkingObject } from '../../sharing/index.js';
import { tryParseStixId, tryTimestampKey } from '../../stix/index.js';
import type { Collection, PreparedObject } from '../../store/store.js';
import type { TaxiiDeps } from './taxii-deps.js';

/**
 * Stores, once per collection, the objects that submitted content refers to but cannot be
 * expected to carry (DESIGN.md §7): the TLP marking definitions it is marked with, and the
 * hub identity that anonymised objects name as their source. They are CLEAR, attributed to
 * the hub, and kept out of the submitter's status.
 */
export async function serveReferencedDefinitions(
  deps: TaxiiDeps,
  collection: Collection,
  hubOrgId: string,
  submitted: readonly PreparedObject[],
): Promise<void> {
  const wanted = new Map<string, Readonly<Record<string, unknown>>>();
  for (const p of submitted) {
    for (const ref of markingRefs(p.object)) {
      const definition = tlpMarkingObject(ref);
      if (definition !== undefined) wanted.set(ref, definition);
    }
    if (p.anonymisedJson !== undefined) wanted.set(deps.hubIdentity.id as string, deps.hubIdentity);
  }
  for (const p of submitted) wanted.delete(p.stixId);
  const missing: Readonly<Record<string, unknown>>[] = [];
  for (const [id, object] of wanted)
    if (!(await deps.store.objects.exists(collection.id, id))) missing.push(object);
  if (missing.length === 0) return;
  const prepared: PreparedObject[] = missing.map((object) => {
    const version = (object.modified ?? object.created) as string;
    return {
      stixId: object.id as string,
      type: tryParseStixId(object.id)?.type as string,
      version,
      versionKey: tryTimestampKey(version),
      specVersion: '2.1',
      json: JSON.stringify(object),
      object,
      envelope: {
        tlp: 'clear',
        submitterOrgId: hubOrgId,
        consent: 'everyone',
        providersAllowed: true,
        recipients: [],
        sourceIdentity: false,
      },
    };
  });
  await deps.store.objects.add(collection.id, prepared, {
    id: randomUUID(),
    communityId: collection.communityId,
    collectionId: collection.id,
    submitterOrgId: hubOrgId,
    requestTimestamp: deps.clock.nowMicros(),
    status: 'complete',
    totalCount: prepared.length,
    successes: [],
    failures: [],
    pendings: [],
  });
}

function markingRefs(object: Readonly<Record<string, unknown>>): string[] {
  const refs: string[] = [];
  if (Array.isArray(object.object_marking_refs))
    for (const r of object.object_marking_refs) if (typeof r === 'string') refs.push(r);
  if (Array.isArray(object.granular_markings)) {
    for (const g of object.granular_markings) {
      const ref = (g as { marking_ref?: unknown } | null)?.marking_ref;
      if (typeof ref === 'string') refs.push(ref);
    }
  }
  return refs;
}
