/**
 * Checks one JSON value against its catalogue {@link PropertySpec}. Driven by `spec.kind`, no
 * closures: the catalogue is the program. Recursion follows the spec (lists, nested objects),
 * never the value, so hostile nesting cannot exhaust the stack.
 */
import { OBJECT_CATALOG } from '../catalog/object-catalog.js';
import type { PropertySpec } from '../catalog/property-spec.js';
import { checkConstraints } from './check-constraints.js';

export { checkConstraints };

import {
  checkBinary,
  checkExternalReference,
  checkHashes,
  checkHex,
  checkIdentifier,
  checkKillChainPhase,
  checkTimestamp,
  lastName,
  reportType,
} from './check-formats.js';
import { checkGranularMarkingShape } from './check-granular-marking-shape.js';
import { checkUntypedValue } from './check-untyped-value.js';
import { isPropertyName } from './property-name.js';
import { childPath, type IssueSink, indexPath, isRecord, quote } from './validation-issue.js';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
// S011: dictionary keys are ASCII letters, digits, '-' and '_', at most 250 characters.
const DICT_KEY_RE = /^[A-Za-z0-9_-]{1,250}$/;

/** Checks `value` against `spec`, reporting at `path`. */
export function checkValue(value: unknown, spec: PropertySpec, path: string, sink: IssueSink): void {
  switch (spec.kind) {
    case 'string':
      if (typeof value !== 'string') reportType(sink, path, 'a string', value);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') reportType(sink, path, 'a boolean', value);
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        reportType(sink, path, 'an integer', value);
        return;
      }
      checkRange(value, spec.min ?? -MAX_SAFE, spec.max ?? MAX_SAFE, path, sink);
      return;
    case 'float':
      // S014: JSON cannot carry NaN/Infinity, so any number is a valid double.
      if (typeof value !== 'number') {
        reportType(sink, path, 'a number', value);
        return;
      }
      checkRange(value, spec.min ?? -Number.MAX_VALUE, spec.max ?? Number.MAX_VALUE, path, sink);
      return;
    case 'timestamp':
      checkTimestamp(value, spec.precision, path, sink);
      return;
    case 'identifier':
      // Only `id` has this kind: checkId (validate-common) checks it against the object's type.
      return;
    case 'ref':
      checkRef(value, spec, path, sink);
      return;
    case 'hex':
      checkHex(value, path, sink);
      return;
    case 'binary':
      checkBinary(value, path, sink);
      return;
    case 'hashes':
      checkHashes(value, path, sink);
      return;
    case 'open-vocab':
    case 'enum':
      checkVocabulary(value, spec, path, sink);
      return;
    case 'list':
      checkList(value, spec, path, sink);
      return;
    case 'dictionary':
      checkDictionary(value, spec, path, sink);
      return;
    case 'object':
      checkNestedObject(value, spec, path, sink);
      return;
    case 'kill-chain-phase':
      checkKillChainPhase(value, path, sink);
      return;
    case 'external-reference':
      checkExternalReference(value, path, sink);
      return;
    case 'granular-marking':
      checkGranularMarkingShape(value, path, sink);
      return;
    case 'extensions':
      // The content of `extensions` depends on the object's category: see validate-extensions.
      if (!isRecord(value)) reportType(sink, path, 'a dictionary', value);
      return;
    case 'any':
      checkUntypedValue(value, path, sink);
      return;
  }
}

function checkRange(value: number, min: number, max: number, path: string, sink: IssueSink): void {
  if (value < min || value > max) {
    sink.report(
      'value-range',
      path,
      `Property "${lastName(path)}" must be between ${min} and ${max}, got ${value}`,
    );
  }
}

/** True when an object of `type` may be the target of a ref restricted to `allowed`. */
export function refTargetAllowed(type: string, allowed: readonly string[]): boolean {
  const category = OBJECT_CATALOG.get(type)?.category;
  for (const entry of allowed) {
    if (entry === type) return true;
    if (entry.charCodeAt(0) !== 64 /* @ */) continue;
    // Custom and extension types have no known category: accept them for a category target.
    if (category === undefined ? entry !== '@sro' : entry === `@${category}`) return true;
  }
  return false;
}

function checkRef(value: unknown, spec: PropertySpec, path: string, sink: IssueSink): void {
  const type = checkIdentifier(value, path, sink);
  if (type === undefined || spec.refTypes === undefined) return;
  if (type === 'bundle') {
    // S138: nothing may reference a bundle.
    sink.report('ref-type', path, `Property "${lastName(path)}" must not reference a bundle`, 'S138');
  } else if (!refTargetAllowed(type, spec.refTypes)) {
    const expected = spec.refTypes
      .map((t) => (t.startsWith('@') ? `any ${t.slice(1).toUpperCase()}` : t))
      .join(', ');
    sink.report(
      'ref-type',
      path,
      `Property "${lastName(path)}" must reference ${expected}, got a ${quote(type)}`,
    );
  }
}

function checkVocabulary(value: unknown, spec: PropertySpec, path: string, sink: IssueSink): void {
  if (typeof value !== 'string') {
    reportType(sink, path, 'a string', value);
    return;
  }
  if (spec.values === undefined || spec.values.has(value)) return;
  if (spec.kind === 'enum') {
    sink.report(
      'closed-vocabulary',
      path,
      `Property "${lastName(path)}" must be a value of ${spec.vocabulary}, got ${quote(value)}`,
    );
  } else {
    sink.report(
      'open-vocabulary',
      path,
      `Property "${lastName(path)}" should be a value of ${spec.vocabulary}, got ${quote(value)}`,
    );
  }
}

function checkList(value: unknown, spec: PropertySpec, path: string, sink: IssueSink): void {
  if (!Array.isArray(value)) {
    reportType(sink, path, 'a list', value);
    return;
  }
  if (value.length === 0) {
    sink.report('empty-list', path, `Property "${lastName(path)}" must not be an empty list`);
    return;
  }
  const of = spec.of;
  if (of === undefined) return;
  for (let i = 0; i < value.length; i++) checkValue(value[i], of, indexPath(path, i), sink);
}

function checkDictionary(value: unknown, spec: PropertySpec, path: string, sink: IssueSink): void {
  if (!isRecord(value)) {
    reportType(sink, path, 'a dictionary', value);
    return;
  }
  let count = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    count++;
    if (!DICT_KEY_RE.test(key)) {
      sink.report(
        'dictionary-key',
        childPath(path, key),
        `Dictionary key ${quote(key)} must be at most 250 characters of a-z, A-Z, 0-9, "-" or "_"`,
      );
    }
    if (spec.of !== undefined) checkValue(value[key], spec.of, childPath(path, key), sink);
    else checkUntypedValue(value[key], childPath(path, key), sink);
  }
  if (count === 0)
    sink.report('empty-dictionary', path, `Property "${lastName(path)}" must not be an empty dictionary`);
}

function checkNestedObject(value: unknown, spec: PropertySpec, path: string, sink: IssueSink): void {
  if (!isRecord(value)) {
    reportType(sink, path, 'an object', value);
    return;
  }
  const properties = spec.properties;
  if (properties === undefined) return;
  const count = checkProperties(value, properties, path, sink);
  if (count === 0 && spec.nonEmpty === true) {
    sink.report(
      'empty-object',
      path,
      `Property "${lastName(path)}" must have at least one property`,
      spec.checklist,
    );
  }
  if (spec.constraints !== undefined) checkConstraints(value, spec.constraints, path, sink);
}

/**
 * Checks the known properties of `record` and the presence of required ones; unknown keys get
 * the S142 name check and the S020 empty-list check. Returns the number of own keys.
 */
export function checkProperties(
  record: Record<string, unknown>,
  properties: ReadonlyMap<string, PropertySpec>,
  path: string,
  sink: IssueSink,
): number {
  let count = 0;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    count++;
    const spec = properties.get(key);
    const keyPath = childPath(path, key);
    if (spec !== undefined) {
      checkValue(record[key], spec, keyPath, sink);
    } else {
      checkCustomName(key, keyPath, sink);
      checkUntypedValue(record[key], keyPath, sink);
    }
  }
  for (const [name, spec] of properties) {
    if (spec.required === true && !Object.hasOwn(record, name)) {
      sink.report(
        'required-property',
        childPath(path, name),
        `Property "${name}" is required`,
        spec.checklist,
      );
    }
  }
  return count;
}

/** S142/S133: custom property names are 3–250 characters of a-z, 0-9 and "_". */
export function checkCustomName(key: string, path: string, sink: IssueSink): boolean {
  if (isPropertyName(key)) return true;
  sink.report(
    'custom-property-name',
    path,
    `Property name ${quote(key)} must be 3-250 characters of a-z, 0-9 or "_"`,
  );
  return false;
}
