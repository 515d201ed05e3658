/**
 * Common properties of every STIX object (§3.2, checklist S025–S031, S040–S042): `type`,
 * `id`, `spec_version`, `created` ≤ `modified`.
 */
import type { ObjectCategory } from '../catalog/property-spec.js';
import { tryParseStixId } from '../stix-id.js';
import { tryParseTimestamp } from '../timestamp.js';
import { isRfc4122Uuid, reportType } from './check-formats.js';
import { type IssueSink, own, quote } from './validation-issue.js';

// S003/S004/S143: lowercase letters, digits and single hyphens, starting with a letter, 3–250 chars.
const TYPE_RE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const V4_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** S025/S143: checks `type`; returns it when it is a usable type name. */
export function checkType(value: unknown, sink: IssueSink): string | undefined {
  if (value === undefined) {
    sink.report('required-property', '$.type', 'Property "type" is required', 'S025');
    return undefined;
  }
  if (typeof value !== 'string') {
    reportType(sink, '$.type', 'a string', value);
    return undefined;
  }
  if (value.length < 3 || value.length > 250 || !TYPE_RE.test(value)) {
    sink.report(
      'type-format',
      '$.type',
      `Property "type" must be 3-250 characters of a-z, 0-9 and single hyphens, starting with a letter, got ${quote(value)}`,
    );
  }
  return value;
}

/** S027/S040–S042: checks `id` against the object's type and category; returns the UUID. */
export function checkId(
  value: unknown,
  type: string,
  category: ObjectCategory,
  sink: IssueSink,
): string | undefined {
  if (value === undefined) {
    sink.report('required-property', '$.id', 'Property "id" is required', 'S027');
    return undefined;
  }
  if (typeof value !== 'string') {
    reportType(sink, '$.id', 'an identifier string', value);
    return undefined;
  }
  const parsed = tryParseStixId(value);
  if (parsed === undefined) {
    sink.report(
      'id-format',
      '$.id',
      `Property "id" must be "${type}--" followed by a UUID, got ${quote(value)}`,
    );
    return undefined;
  }
  if (parsed.type !== type) {
    sink.report(
      'id-format',
      '$.id',
      `Property "id" must start with the object's type "${type}--", got ${quote(value)}`,
    );
  }
  if (!isRfc4122Uuid(parsed.uuid)) {
    sink.report(
      'id-format',
      '$.id',
      `Property "id" must hold an RFC 4122 UUID (version 1-5, variant 10xx), got ${quote(parsed.uuid)}`,
    );
    return undefined;
  }
  // S042: SDOs, SROs and meta objects SHOULD use UUIDv4; SCO ids are checked by sco-id.
  if (category !== 'sco' && !V4_RE.test(parsed.uuid)) {
    sink.report(
      'uuid-version',
      '$.id',
      `Property "id" should use a version 4 UUID, got version ${parsed.uuid.charAt(14)}`,
    );
  }
  return parsed.uuid;
}

/** S026: `spec_version` is "2.1" (required except on SCOs). Returns false for STIX 2.0 content. */
export function checkSpecVersion(
  object: Record<string, unknown>,
  category: ObjectCategory,
  sink: IssueSink,
): boolean {
  const version = own(object, 'spec_version');
  if (version === '2.1') return true;
  if (version === undefined) {
    if (category === 'sco') return true;
    // B5: SDOs and SROs without spec_version are STIX 2.0 objects.
    sink.report(
      'spec-version',
      '$.spec_version',
      'Property "spec_version" is required: without it the object is STIX 2.0, and only STIX 2.1 is accepted',
    );
    return false;
  }
  if (version === '2.0') {
    sink.report('spec-version', '$.spec_version', 'Object is STIX 2.0: only STIX 2.1 is accepted');
    return false;
  }
  if (typeof version !== 'string') reportType(sink, '$.spec_version', 'the string "2.1"', version);
  else
    sink.report(
      'spec-version',
      '$.spec_version',
      `Property "spec_version" must be "2.1", got ${quote(version)}`,
    );
  return true;
}

/** S030: `modified` must not be earlier than `created`. */
export function checkCreatedModified(object: Record<string, unknown>, sink: IssueSink): void {
  const created = own(object, 'created');
  const modified = own(object, 'modified');
  // Equal strings (the first version of most objects) need no parsing.
  if (created === modified || created === undefined || modified === undefined) return;
  const a = tryParseTimestamp(created);
  const b = tryParseTimestamp(modified);
  if (a === undefined || b === undefined) return;
  if (b.epochSeconds < a.epochSeconds || (b.epochSeconds === a.epochSeconds && b.nanos < a.nanos)) {
    sink.report(
      'modified-before-created',
      '$.modified',
      'Property "modified" must not be earlier than "created"',
    );
  }
}
