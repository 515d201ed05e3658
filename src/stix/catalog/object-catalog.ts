/**
 * The STIX 2.1 object catalogue: every spec-defined type by name.
 */
import type { ObjectCategory, ObjectSpec } from './property-spec.js';
import { SCO_SPECS } from './sco-catalog.js';
import { SDO_SPECS } from './sdo-catalog.js';
import { META_SPECS, SRO_SPECS } from './sro-meta-catalog.js';

function byType(specs: readonly ObjectSpec[]): ReadonlyMap<string, ObjectSpec> {
  return new Map(specs.map((s) => [s.type, s] as const));
}

/** The spec-defined SCO types (§6) by type name. */
export const SCO_CATALOG: ReadonlyMap<string, ObjectSpec> = byType(SCO_SPECS);

/**
 * Every spec-defined STIX 2.1 object type by type name: SDOs (§4), SROs (§5), SCOs (§6) and
 * the meta objects (§7: marking-definition, language-content, extension-definition).
 *
 * Each {@link ObjectSpec} lists all properties of the type (common ones included) as
 * {@link PropertySpec}s: `kind` says how to read the value, `of` describes list elements and
 * dictionary values, `properties` describes nested objects, `refTypes` the allowed targets of a
 * `ref`. SCOs also carry `idContributing` (S043) and `extensions` (the predefined extensions,
 * each with its own property map), so a path such as
 * `file:extensions.'windows-pebinary-ext'.sections[*].entropy` resolves as
 * `SCO_CATALOG.get('file').extensions.get('windows-pebinary-ext').properties.get('sections')`
 * → `{ kind: 'list', of: { kind: 'object', properties: … 'entropy' → { kind: 'float' } } }`,
 * and `file:hashes.'SHA-256'` as the `hashes` kind (any algorithm key, string value).
 *
 * @example
 * ```ts
 * const file = OBJECT_CATALOG.get('file'); // category 'sco'
 * file?.properties.get('parent_directory_ref'); // { kind: 'ref', refTypes: ['directory'] }
 * ```
 */
export const OBJECT_CATALOG: ReadonlyMap<string, ObjectSpec> = byType([
  ...SDO_SPECS,
  ...SRO_SPECS,
  ...SCO_SPECS,
  ...META_SPECS,
]);

/** The category of a spec-defined type, or undefined for custom and extension types. */
export function categoryOf(type: string): ObjectCategory | undefined {
  return OBJECT_CATALOG.get(type)?.category;
}
