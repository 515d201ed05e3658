/**
 * The `extensions` property (§3.2, §7.3, §11.3; checklist S039, S063, S130–S134, S144):
 * extension-definition entries with their `extension_type`, the predefined SCO extensions
 * (checked against the catalogue) and deprecated custom `-ext` extensions.
 */
import type { ObjectSpec } from '../catalog/property-spec.js';
import { VOCABULARIES } from '../catalog/vocabularies.js';
import { checkUntypedValue } from './check-untyped-value.js';
import { checkConstraints, checkCustomName, checkProperties } from './check-value.js';
import type { TypeOrigin } from './resolve-object-spec.js';
import { childPath, type IssueSink, isRecord, own, quote } from './validation-issue.js';

const EXTENSION_DEFINITION_KEY_RE =
  /^extension-definition--[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
// S144: custom extension names: a-z, 0-9 and '-', ending in "-ext", 3–250 characters.
const CUSTOM_EXT_RE = /^[a-z0-9-]{0,246}-ext$/;
const NEW_TYPES: ReadonlyMap<string, string> = new Map([
  ['new-sdo', 'sdo'],
  ['new-sco', 'sco'],
  ['new-sro', 'sro'],
]);

/** Checks every entry of `object.extensions`. */
export function validateExtensions(
  object: Record<string, unknown>,
  spec: ObjectSpec,
  origin: TypeOrigin,
  sink: IssueSink,
): void {
  const extensions = own(object, 'extensions');
  if (!isRecord(extensions) || !spec.properties.has('extensions')) return;
  let count = 0;
  for (const key in extensions) {
    if (!Object.hasOwn(extensions, key)) continue;
    count++;
    const path = childPath('$.extensions', key);
    const entry = extensions[key];
    if (!isRecord(entry)) {
      sink.report('property-type', path, `Extension ${quote(key)} must be an object`, 'S039');
    } else if (EXTENSION_DEFINITION_KEY_RE.test(key)) {
      checkDefinedExtension(entry, spec, origin, path, sink);
    } else if (key.endsWith('-ext')) {
      checkNamedExtension(key, entry, spec, path, sink);
    } else {
      sink.report(
        'extension-key',
        path,
        `Extension key ${quote(key)} must be an "extension-definition--" id or a name ending in "-ext"`,
      );
    }
  }
  if (count === 0)
    sink.report('empty-dictionary', '$.extensions', 'Property "extensions" must not be empty', 'S039');
}

/** S039/S131/S132: entries keyed by an extension-definition id carry a valid `extension_type`. */
function checkDefinedExtension(
  entry: Record<string, unknown>,
  spec: ObjectSpec,
  origin: TypeOrigin,
  path: string,
  sink: IssueSink,
): void {
  const extensionType = own(entry, 'extension_type');
  const typePath = childPath(path, 'extension_type');
  if (extensionType === undefined) {
    sink.report(
      'extension-type',
      typePath,
      'Property "extension_type" is required for an extension-definition extension',
    );
    return;
  }
  if (typeof extensionType !== 'string' || !VOCABULARIES['extension-type-enum'].has(extensionType)) {
    sink.report(
      'extension-type',
      typePath,
      `Property "extension_type" must be a value of extension-type-enum, got ${quote(extensionType)}`,
    );
    return;
  }
  const category = NEW_TYPES.get(extensionType);
  if (category !== undefined && origin === 'spec') {
    // S130: an extension must not redefine a spec-defined object type.
    sink.report(
      'extension-type',
      typePath,
      `Extension type ${quote(extensionType)} cannot apply to the spec-defined type ${quote(spec.type)}`,
      'S130',
    );
  } else if (category !== undefined && category !== spec.category) {
    sink.report(
      'extension-type',
      typePath,
      `Extension type ${quote(extensionType)} does not match an object of category ${spec.category.toUpperCase()}`,
      'S131',
    );
  }
  for (const name in entry) {
    if (!Object.hasOwn(entry, name) || name === 'extension_type') continue;
    const propertyPath = childPath(path, name);
    checkCustomName(name, propertyPath, sink);
    // S020: the extension-definition's own schema is unknown here, but no list may be empty.
    checkUntypedValue(entry[name], propertyPath, sink);
  }
}

/** S063/S104–S115 predefined SCO extensions; S144 deprecated custom extensions. */
function checkNamedExtension(
  key: string,
  entry: Record<string, unknown>,
  spec: ObjectSpec,
  path: string,
  sink: IssueSink,
): void {
  const predefined = spec.extensions?.get(key);
  if (predefined !== undefined) {
    if (Object.hasOwn(entry, 'extension_type')) {
      sink.report(
        'extension-type',
        childPath(path, 'extension_type'),
        `Predefined extension "${key}" must not carry "extension_type"`,
        'S063',
      );
    }
    checkProperties(entry, predefined.properties, path, sink);
    if (predefined.constraints.length > 0) checkConstraints(entry, predefined.constraints, path, sink);
    return;
  }
  if (spec.category !== 'sco') {
    sink.report(
      'extension-key',
      path,
      `Custom extension ${quote(key)} is only allowed on SCOs; use an extension-definition`,
      'S144',
    );
    return;
  }
  if (!CUSTOM_EXT_RE.test(key) || key.length < 3) {
    sink.report(
      'extension-key',
      path,
      `Custom extension name ${quote(key)} must be 3-250 characters of a-z, 0-9 and "-", ending in "-ext"`,
      'S144',
    );
  }
  let count = 0;
  for (const name in entry) {
    if (!Object.hasOwn(entry, name)) continue;
    count++;
    const propertyPath = childPath(path, name);
    checkCustomName(name, propertyPath, sink);
    checkUntypedValue(entry[name], propertyPath, sink);
  }
  if (count === 0)
    sink.report('empty-object', path, `Custom extension "${key}" must have at least one property`, 'S144');
  if (sink.options.allowCustomProperties === false) {
    sink.report(
      'custom-property',
      path,
      `Custom extension "${key}" is not accepted in this collection`,
      'S144',
    );
  } else {
    const deprecatedPrefix = key.startsWith('x-');
    sink.report(
      deprecatedPrefix ? 'deprecated-custom-prefix' : 'custom-prefix',
      path,
      deprecatedPrefix
        ? `Custom extension "${key}" uses the deprecated §11 mechanism: declare it with an extension-definition`
        : `Custom extension "${key}" should be named "x-<source>-<name>-ext" or declared by an extension-definition`,
      'S144',
    );
  }
}
