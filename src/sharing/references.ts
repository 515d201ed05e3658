import type { SharingEnvelope } from './sharing-envelope.js';

/**
 * Reference properties that never withhold the object holding them (DESIGN.md §3, issue 5):
 * `created_by_ref` is the submitter's identity, which anonymisation already handles;
 * `object_marking_refs` and a granular marking's `marking_ref` name marking definitions,
 * which are served with the data.
 */
export const EXEMPT_REFERENCE_PROPERTIES: readonly string[] = [
  'created_by_ref',
  'object_marking_refs',
  'marking_ref',
];

/**
 * The shape of a STIX id whose target the store can look up: `type--` and a UUID (S040).
 * The store's backfill (store/sql/object-references-sql.ts) accepts exactly this shape.
 */
const STIX_ID = /--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Whether a property points at content: STIX 2.1 names every reference `…_ref` or `…_refs`
 * (checklist S005), custom properties included, so the suffix finds the references the
 * catalogue knows and those it cannot know. The exempt ones are left out.
 */
export function isContentReference(property: string): boolean {
  return (
    (property.endsWith('_ref') || property.endsWith('_refs')) &&
    !EXEMPT_REFERENCE_PROPERTIES.includes(property)
  );
}

/**
 * The ids an object's content references point at, at any depth (SCO extensions and MIME
 * parts hold references too): each string value of a {@link isContentReference} property,
 * and each string element of a list it holds, that has the shape of a STIX id. Distinct,
 * in order of appearance. The stored references of a version are exactly these.
 */
export function contentReferences(object: unknown): string[] {
  const found = new Set<string>();
  const take = (value: unknown) => {
    if (typeof value === 'string' && STIX_ID.test(value)) found.add(value);
  };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) {
      if (isContentReference(key)) {
        if (Array.isArray(v)) for (const element of v) take(element);
        else take(v);
      }
      visit(v);
    }
  };
  visit(object);
  return [...found];
}

/**
 * The references that can withhold a version: its {@link contentReferences}, less those its
 * anonymised body no longer holds. Those name the submitter's own identities, which
 * anonymisation replaces by the hub's identity for every reader who may not see the
 * submitter (DESIGN.md §3 consent), while readers who may see the submitter receive those
 * identities too; like `created_by_ref`, they are left to anonymisation.
 *
 * @param anonymisedJson the body for readers without attribution; undefined when it would
 *   equal the stored body.
 */
export function withholdingReferences(object: unknown, anonymisedJson?: string): string[] {
  const references = contentReferences(object);
  return anonymisedJson === undefined ? references : references.filter((id) => anonymisedJson.includes(id));
}

/** One stored version of a collection, as far as the reference rule cares. */
export interface CollectionVersion {
  readonly stixId: string;
  readonly envelope: SharingEnvelope;
  /** {@link withholdingReferences} of its body. */
  readonly references: readonly string[];
}

/**
 * The reference rule (DESIGN.md §3, issue 5), the reference semantics the store query must
 * match: a version reaches a reader when its own envelope does (`sees`) AND each object it
 * references is either not stored in the collection or has a version whose envelope the
 * reader sees (`seesTarget`, the same unless a filter narrows the reader's own). Otherwise
 * the referencing version is withheld, so a reader never learns the id of an object it may
 * not receive. A target is judged by its envelope alone: one that is itself withheld only
 * for its own references reveals nothing hidden by being named.
 *
 * @returns for each version, in order, whether the reader receives it.
 */
export function receivedInCollection(
  versions: readonly CollectionVersion[],
  sees: (envelope: SharingEnvelope) => boolean,
  seesTarget: (envelope: SharingEnvelope) => boolean = sees,
): boolean[] {
  const stored = new Set<string>();
  const visible = new Set<string>();
  for (const v of versions) {
    stored.add(v.stixId);
    if (seesTarget(v.envelope)) visible.add(v.stixId);
  }
  return versions.map(
    (v) => sees(v.envelope) && v.references.every((id) => !stored.has(id) || visible.has(id)),
  );
}
