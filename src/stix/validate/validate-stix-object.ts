/**
 * Validation of one STIX 2.1 object: the entry point that runs the common checks, the
 * catalogue-driven property walk and the family-specific rules.
 */
import { checkPolicy } from './check-policy.js';
import { resolveObjectSpec } from './resolve-object-spec.js';
import { checkCreatedModified, checkId, checkSpecVersion, checkType } from './validate-common.js';
import { validateFamily } from './validate-family.js';
import { validateProperties } from './validate-properties.js';
import {
  IssueSink,
  isRecord,
  own,
  type ValidationIssue,
  type ValidationOptions,
} from './validation-issue.js';

/**
 * Validates one STIX 2.1 object (SDO, SRO, SCO, meta, custom or extension-defined object).
 *
 * Never throws: any input, however malformed or hostile, yields issues. An object written in
 * STIX 2.0 (see {@link detectSpecVersion}) gets a single `spec-version` error.
 *
 * @param object parsed JSON
 * @param options collection policy and the injected pattern checker
 * @returns issues in discovery order; the object is valid when none has severity `error`
 * @example
 * ```ts
 * const issues = validateStixObject(JSON.parse(text), { strict: true });
 * const ok = issues.every((i) => i.severity !== 'error');
 * ```
 */
export function validateStixObject(object: unknown, options: ValidationOptions = {}): ValidationIssue[] {
  const sink = new IssueSink(options);
  try {
    validateInto(object, sink);
  } catch (error) {
    // Defensive: a bug must not turn hostile input into a 500; report it as a finding.
    sink.report(
      'not-an-object',
      '$',
      `Object could not be validated: ${error instanceof Error ? error.message : 'unknown error'}`,
    );
  }
  return sink.issues;
}

/** Validates `object` into an existing sink (used by the bundle validator). */
export function validateInto(object: unknown, sink: IssueSink): void {
  if (!isRecord(object)) {
    sink.report('not-an-object', '$', 'A STIX object must be a JSON object');
    return;
  }
  const id = own(object, 'id');
  if (typeof id === 'string') sink.objectId = id;
  const type = checkType(own(object, 'type'), sink);
  if (type === undefined) return;
  if (type === 'bundle') {
    sink.report(
      'not-an-object',
      '$',
      'A bundle is not a STIX object: validate it with validateBundle',
      'S138',
    );
    return;
  }
  const resolved = resolveObjectSpec(object, type);
  const { spec, origin } = resolved;
  if (!checkSpecVersion(object, spec.category, sink)) return;
  if (origin === 'custom' && sink.options.allowCustomObjects === false) {
    sink.report('custom-object', '$.type', `Custom object type "${type}" is not accepted in this collection`);
  } else if (origin === 'custom') {
    const message = type.startsWith('x-')
      ? `Custom object type "${type}" uses the deprecated §11 mechanism: declare it with an extension-definition`
      : `Custom object type "${type}" should be named "x-<source>-<name>" or declared by an extension-definition`;
    sink.report(type.startsWith('x-') ? 'deprecated-custom-prefix' : 'custom-prefix', '$.type', message);
  }
  const uuid = checkId(id, type, spec.category, sink);
  validateProperties(object, spec, origin, sink);
  checkCreatedModified(object, sink);
  validateFamily(object, type, resolved, uuid, sink);
  checkPolicy(object, spec.category, sink);
}
