/**
 * Finds the catalogue spec of an object, or a generic one for custom (§11, S143) and
 * extension-defined (§7.3, S131) object types.
 */
import { LANGUAGE_CONTENT_COMMON, SCO_COMMON, SDO_COMMON } from '../catalog/common-properties.js';
import { OBJECT_CATALOG } from '../catalog/object-catalog.js';
import type { ObjectCategory, ObjectSpec } from '../catalog/property-spec.js';
import { objectSpec } from '../catalog/spec-builders.js';
import { isRecord, own } from './validation-issue.js';

/** How an object's type is defined. */
export type TypeOrigin = 'spec' | 'extension' | 'custom';

/** The spec an object is validated against, and where its type comes from. */
export interface ResolvedSpec {
  readonly spec: ObjectSpec;
  readonly origin: TypeOrigin;
}

const GENERIC: Readonly<Record<ObjectCategory, ObjectSpec>> = {
  sdo: objectSpec('', 'sdo', 'S143', SDO_COMMON, {}),
  sro: objectSpec('', 'sro', 'S143', SDO_COMMON, {}),
  sco: objectSpec('', 'sco', 'S143', SCO_COMMON, {}),
  meta: objectSpec('', 'meta', 'S143', LANGUAGE_CONTENT_COMMON, {}),
};

const NEW_TYPE_CATEGORY: ReadonlyMap<unknown, ObjectCategory> = new Map([
  ['new-sdo', 'sdo'],
  ['new-sco', 'sco'],
  ['new-sro', 'sro'],
]);

/** The category declared by a `new-sdo`/`new-sco`/`new-sro` entry of `extensions` (S131). */
export function declaredCategory(object: Record<string, unknown>): ObjectCategory | undefined {
  const extensions = own(object, 'extensions');
  if (!isRecord(extensions)) return undefined;
  for (const key in extensions) {
    if (!Object.hasOwn(extensions, key)) continue;
    const entry = extensions[key];
    if (!isRecord(entry)) continue;
    const category = NEW_TYPE_CATEGORY.get(own(entry, 'extension_type'));
    if (category !== undefined) return category;
  }
  return undefined;
}

/**
 * Resolves the spec of `object` of type `type`. A type the catalogue does not know is an
 * extension type when a `new-*` extension declares its category; otherwise it is a §11 custom
 * object, taken as an SCO when it carries none of `spec_version`, `created` and `modified`
 * (the SDO/SRO-only common properties), and as an SDO otherwise.
 */
export function resolveObjectSpec(object: Record<string, unknown>, type: string): ResolvedSpec {
  const spec = OBJECT_CATALOG.get(type);
  if (spec !== undefined) return { spec, origin: 'spec' };
  const declared = declaredCategory(object);
  if (declared !== undefined) return { spec: GENERIC[declared], origin: 'extension' };
  const scoLike =
    !Object.hasOwn(object, 'spec_version') &&
    !Object.hasOwn(object, 'created') &&
    !Object.hasOwn(object, 'modified');
  return { spec: GENERIC[scoLike ? 'sco' : 'sdo'], origin: 'custom' };
}
