/**
 * Bundles (§8, checklist S137–S139) and object lists (TAXII envelopes): per-object results
 * plus the rules that need more than one object (S056/S057 duplicate versions).
 */
import { detectSpecVersion } from './detect-spec-version.js';
import { validateInto } from './validate-stix-object.js';
import {
  IssueSink,
  isRecord,
  own,
  quote,
  type ValidationIssue,
  type ValidationOptions,
} from './validation-issue.js';

const BUNDLE_ID_RE = /^bundle--[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** The verdict on one object of a bundle or list. Issue paths are relative to the object. */
export interface ObjectValidationResult {
  /** Position in the bundle's `objects` (or the list). */
  readonly index: number;
  readonly id?: string;
  readonly type?: string;
  readonly specVersion?: '2.0' | '2.1';
  /** True when no issue has severity `error`. */
  readonly valid: boolean;
  readonly issues: ValidationIssue[];
}

/** The verdict on a bundle: bundle-level issues and one result per object. */
export interface BundleValidationResult {
  /** Issues of the bundle itself (paths relative to the bundle). */
  readonly issues: ValidationIssue[];
  readonly objects: ObjectValidationResult[];
  /** True when neither the bundle nor any object has an error. */
  readonly valid: boolean;
}

/**
 * Validates a STIX 2.1 bundle and every object in it. Never throws.
 *
 * @example
 * ```ts
 * const { valid, objects } = validateBundle(JSON.parse(text));
 * for (const o of objects) if (!o.valid) console.log(o.id, o.issues);
 * ```
 */
export function validateBundle(bundle: unknown, options: ValidationOptions = {}): BundleValidationResult {
  const sink = new IssueSink(options);
  if (!isRecord(bundle)) {
    sink.report('not-an-object', '$', 'A bundle must be a JSON object');
    return { issues: sink.issues, objects: [], valid: false };
  }
  const id = own(bundle, 'id');
  if (typeof id === 'string') sink.objectId = id;
  const type = own(bundle, 'type');
  if (type !== 'bundle')
    sink.report(
      'required-property',
      '$.type',
      `Property "type" must be "bundle", got ${quote(type)}`,
      'S137',
    );
  if (id === undefined) sink.report('required-property', '$.id', 'Property "id" is required', 'S137');
  else if (typeof id !== 'string' || !BUNDLE_ID_RE.test(id)) {
    sink.report(
      'id-format',
      '$.id',
      `Property "id" must be "bundle--" followed by a UUID, got ${quote(id)}`,
      'S137',
    );
  } else if (id.charAt(22) !== '4') {
    sink.report('uuid-version', '$.id', 'Property "id" should use a version 4 UUID', 'S137');
  }
  const version = own(bundle, 'spec_version');
  if (version === '2.0')
    sink.report('spec-version', '$.spec_version', 'Bundle is STIX 2.0: only STIX 2.1 is accepted', 'S137');
  else if (version !== undefined) {
    sink.report('bundle-spec-version', '$.spec_version', 'A STIX 2.1 bundle must not carry "spec_version"');
  }
  const objects = own(bundle, 'objects');
  let results: ObjectValidationResult[] = [];
  if (objects !== undefined && !Array.isArray(objects)) {
    sink.report('property-type', '$.objects', 'Property "objects" must be a list of STIX objects', 'S137');
  } else if (Array.isArray(objects)) {
    if (objects.length === 0)
      sink.report('empty-list', '$.objects', 'Property "objects" must not be an empty list', 'S137');
    results = validateObjectList(objects, options);
  }
  const valid = sink.errorCount === 0 && results.every((r) => r.valid);
  return { issues: sink.issues, objects: results, valid };
}

/**
 * Validates a list of objects (a bundle's `objects` or a TAXII envelope's), including the
 * S056/S057 rule that one (`id`, `modified`) pair has one content.
 */
export function validateObjectList(
  objects: readonly unknown[],
  options: ValidationOptions = {},
): ObjectValidationResult[] {
  const results: ObjectValidationResult[] = [];
  const seen = new Map<string, number>();
  for (let index = 0; index < objects.length; index++) {
    const object = objects[index];
    const sink = new IssueSink(options);
    try {
      validateInto(object, sink);
    } catch (error) {
      sink.report(
        'not-an-object',
        '$',
        `Object could not be validated: ${error instanceof Error ? error.message : 'unknown error'}`,
      );
    }
    const versionKey = versionKeyOf(object);
    if (versionKey !== undefined) {
      const first = seen.get(versionKey);
      if (first === undefined) seen.set(versionKey, index);
      else checkDuplicate(objects[first], object, first, sink);
    }
    results.push(toResult(object, index, sink));
  }
  return results;
}

function versionKeyOf(object: unknown): string | undefined {
  if (!isRecord(object)) return undefined;
  const id = own(object, 'id');
  if (typeof id !== 'string') return undefined;
  // B8: marking definitions are versioned by `created`. SCOs are unversioned (S053): two SCOs
  // with one deterministic id and different content are not versions of each other.
  const version =
    own(object, 'modified') ??
    (own(object, 'type') === 'marking-definition' ? own(object, 'created') : undefined);
  return typeof version === 'string' ? `${id}\u0000${version}` : undefined;
}

function checkDuplicate(first: unknown, later: unknown, firstIndex: number, sink: IssueSink): void {
  if (sameJson(first, later)) {
    sink.report(
      'duplicate-object',
      '$',
      `Object repeats the object at index ${firstIndex} (same "id" and "modified")`,
    );
  } else {
    // S056/S057: one (id, modified) pair must have one content; the first one wins.
    sink.report(
      'conflicting-version',
      '$.modified',
      `Object has the same "id" and "modified" as the object at index ${firstIndex} but different content`,
    );
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  try {
    return JSON.stringify(a) === JSON.stringify(b) || canonicalEqual(a, b, 0);
  } catch {
    return false;
  }
}

function canonicalEqual(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  if (depth > 100 || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k)) return false;
    if (!canonicalEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], depth + 1))
      return false;
  }
  return true;
}

function toResult(object: unknown, index: number, sink: IssueSink): ObjectValidationResult {
  const record = isRecord(object) ? object : undefined;
  const id = record === undefined ? undefined : own(record, 'id');
  const type = record === undefined ? undefined : own(record, 'type');
  const specVersion = detectSpecVersion(object);
  return {
    index,
    ...(typeof id === 'string' ? { id } : {}),
    ...(typeof type === 'string' ? { type } : {}),
    ...(specVersion === undefined ? {} : { specVersion }),
    valid: sink.errorCount === 0,
    issues: sink.issues,
  };
}
