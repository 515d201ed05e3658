/**
 * The top-level property walk of one object: known properties by their catalogue kind,
 * common properties that do not apply to the category (S038, S119), reserved names (S061)
 * and custom properties (§11: S141, S142; §7.3 top-level property extensions: S132, S133).
 */
import {
  EXTENSION_DEFINITION_COMMON,
  MARKING_COMMON,
  SCO_COMMON,
  SDO_COMMON,
} from '../catalog/common-properties.js';
import type { ObjectSpec } from '../catalog/property-spec.js';
import { checkUntypedValue } from './check-untyped-value.js';
import { checkConstraints, checkCustomName, checkValue } from './check-value.js';
import type { TypeOrigin } from './resolve-object-spec.js';
import { childPath, type IssueSink, isRecord, own } from './validation-issue.js';

// S061: reserved property names.
const RESERVED = new Set(['severity', 'username', 'phone_number', 'action']);
const COMMON_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(SDO_COMMON),
  ...Object.keys(SCO_COMMON),
  ...Object.keys(MARKING_COMMON),
  ...Object.keys(EXTENSION_DEFINITION_COMMON),
]);
const MAX_LISTED = 5;

/** Walks every own property of `object` against `spec`. */
export function validateProperties(
  object: Record<string, unknown>,
  spec: ObjectSpec,
  origin: TypeOrigin,
  sink: IssueSink,
): void {
  const properties = spec.properties;
  let prefixed: string[] | undefined;
  let unprefixed: string[] | undefined;
  let toplevelDeclared: boolean | undefined;
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    const path = childPath('$', key);
    const propertySpec = properties.get(key);
    if (propertySpec !== undefined) {
      checkValue(object[key], propertySpec, path, sink);
      if (propertySpec.deprecated === true) {
        sink.report('deprecated-property', path, `Property "${key}" is deprecated`);
      }
      continue;
    }
    if (RESERVED.has(key)) {
      sink.report('reserved-property', path, `Property "${key}" is reserved and must not be used`);
      continue;
    }
    if (COMMON_NAMES.has(key)) {
      sink.report(
        'not-applicable-property',
        path,
        `Property "${key}" does not apply to a ${spec.category.toUpperCase()} of type "${String(object.type)}"`,
      );
      continue;
    }
    // S020 holds for custom values too (and for every property of custom/extension types).
    checkUntypedValue(object[key], path, sink);
    if (!checkCustomName(key, path, sink)) continue;
    // Properties of custom and extension types are their own, not custom properties.
    if (origin !== 'spec') continue;
    toplevelDeclared ??= hasToplevelExtension(object);
    if (toplevelDeclared) continue;
    if (sink.options.allowCustomProperties === false) {
      sink.report('custom-property', path, `Custom property "${key}" is not accepted in this collection`);
    } else if (key.startsWith('x_')) {
      prefixed ??= [];
      prefixed.push(key);
    } else {
      unprefixed ??= [];
      unprefixed.push(key);
    }
  }
  for (const name of spec.required) {
    if (!Object.hasOwn(object, name)) {
      sink.report(
        'required-property',
        childPath('$', name),
        `Property "${name}" is required`,
        properties.get(name)?.checklist ?? spec.checklist,
      );
    }
  }
  if (spec.constraints.length > 0) checkConstraints(object, spec.constraints, '$', sink);
  if (prefixed !== undefined) {
    sink.report(
      'deprecated-custom-prefix',
      '$',
      `Custom properties ${list(prefixed)} use the deprecated §11 mechanism: declare them with an extension-definition`,
    );
  }
  if (unprefixed !== undefined) {
    sink.report(
      'custom-prefix',
      '$',
      `Custom properties ${list(unprefixed)} should be named "x_<source>_<name>" or declared by a toplevel-property-extension`,
    );
  }
}

/** S132: a `toplevel-property-extension` entry makes top-level extra properties legitimate. */
function hasToplevelExtension(object: Record<string, unknown>): boolean {
  const extensions = own(object, 'extensions');
  if (!isRecord(extensions)) return false;
  for (const key in extensions) {
    const entry = Object.hasOwn(extensions, key) ? extensions[key] : undefined;
    if (isRecord(entry) && own(entry, 'extension_type') === 'toplevel-property-extension') return true;
  }
  return false;
}

function list(names: readonly string[]): string {
  const shown = names
    .slice(0, MAX_LISTED)
    .map((n) => `"${n}"`)
    .join(', ');
  return names.length > MAX_LISTED ? `${shown} and ${names.length - MAX_LISTED} more` : shown;
}
