/**
 * The shape of the STIX 2.1 object catalogue: what each property of each object type is.
 *
 * The catalogue is plain frozen data so that the validator (and the pattern language, which
 * imports it read-only) can walk it without closures. Every property is described by a
 * {@link PropertySpec}; every object type by an {@link ObjectSpec}.
 */

/**
 * The value kinds of STIX 2.1 §2 (plus a few structured kinds from §2 and §7).
 *
 * - `string`: any JSON string (§2.13).
 * - `integer`: JSON number that is an integer in the STIX 54-bit range (S018), narrowed by `min`/`max`.
 * - `float`: finite JSON number (S014), narrowed by `min`/`max`.
 * - `boolean`: `true`/`false` (S010).
 * - `timestamp`: RFC 3339 UTC timestamp (S024); `precision: 'millisecond'` requires ≥ 3 fraction digits.
 * - `identifier`: a `type--uuid` id (S040) used as the object's own id (only `id`).
 * - `ref`: an identifier pointing at another object; `refTypes` restricts the target types.
 * - `hex`: even-length lowercase hex (S016). `binary`: base64 (S009).
 * - `hashes`: dictionary algorithm → hash string (S015).
 * - `dictionary`: JSON object with free keys (S011); `of` describes values when constrained.
 * - `open-vocab`: string that SHOULD be one of `values` (S022). `enum`: string that MUST be (S012).
 * - `list`: non-empty JSON array (S020) whose elements are described by `of`.
 * - `object`: nested JSON object with its own `properties` (e.g. a PE section, an MIME part).
 * - `kill-chain-phase`, `external-reference`, `granular-marking`: the §2 / §7.2.3 structures.
 * - `extensions`: the `extensions` dictionary of §3.2 / §7.3.
 * - `any`: any JSON value (e.g. extension-definition content we cannot know).
 */
export type PropertyKind =
  | 'string'
  | 'integer'
  | 'float'
  | 'boolean'
  | 'timestamp'
  | 'identifier'
  | 'ref'
  | 'hex'
  | 'binary'
  | 'hashes'
  | 'dictionary'
  | 'open-vocab'
  | 'enum'
  | 'list'
  | 'object'
  | 'kill-chain-phase'
  | 'external-reference'
  | 'granular-marking'
  | 'extensions'
  | 'any';

/**
 * Target-type markers usable in {@link PropertySpec.refTypes} besides plain type names.
 * `@sdo`, `@sco` and `@sro` stand for every object of that category, spec-defined or custom
 * (they cannot clash with type names, which never contain `@`).
 */
export type RefCategory = '@sdo' | '@sco' | '@sro';

/** Rules between properties of one object (or one nested object). */
export type PropertyConstraint =
  /** At least one of `properties` is present. */
  | { readonly rule: 'at-least-one'; readonly properties: readonly string[]; readonly checklist: string }
  /** At most one of `properties` is present. */
  | { readonly rule: 'exclusive'; readonly properties: readonly string[]; readonly checklist: string }
  /** When `property` is present, every property of `requires` is too. */
  | {
      readonly rule: 'requires';
      readonly property: string;
      readonly requires: readonly string[];
      readonly checklist: string;
    }
  /** Timestamps (or numbers) ordered: `later` ≥ `earlier`, or `>` when `strict`. */
  | {
      readonly rule: 'order';
      readonly earlier: string;
      readonly later: string;
      readonly strict: boolean;
      readonly checklist: string;
    };

/** One property of an object type, extension or nested structure. */
export interface PropertySpec {
  readonly kind: PropertyKind;
  /** Present and true when the property MUST be present (S006). */
  readonly required?: boolean;
  /** For `list`: the element; for `dictionary`: the value (absent = any base type). */
  readonly of?: PropertySpec;
  /** For `ref`: allowed target types or categories; absent = any STIX object. */
  readonly refTypes?: readonly (string | RefCategory)[];
  /** For `open-vocab` / `enum`: the vocabulary values. */
  readonly values?: ReadonlySet<string>;
  /** For `open-vocab` / `enum`: the vocabulary name (§10), e.g. `malware-type-ov`. */
  readonly vocabulary?: string;
  /** Inclusive numeric bounds for `integer` / `float`. */
  readonly min?: number;
  readonly max?: number;
  /** For `timestamp`: `millisecond` requires at least three fractional digits (S029, S030). */
  readonly precision?: 'millisecond' | 'second';
  /** For `object`: the nested properties. */
  readonly properties?: ReadonlyMap<string, PropertySpec>;
  /** For `object`: cross-property rules inside the nested object. */
  readonly constraints?: readonly PropertyConstraint[];
  /** For `object`: at least one property must be present (e.g. S103 x509 v3 extensions). */
  readonly nonEmpty?: boolean;
  /** Deprecated by the spec (S007): accepted, with a warning. */
  readonly deprecated?: boolean;
  /** Checklist item that defines the property's rules, e.g. `S075`. */
  readonly checklist?: string;
}

/** The category of an object type (§4–§7; `meta` = marking-definition, language-content, extension-definition). */
export type ObjectCategory = 'sdo' | 'sro' | 'sco' | 'meta';

/** A predefined SCO extension (§6, S104–S115), keyed by its fixed name under `extensions`. */
export interface ExtensionSpec {
  readonly name: string;
  readonly properties: ReadonlyMap<string, PropertySpec>;
  readonly constraints: readonly PropertyConstraint[];
  readonly checklist: string;
}

/** One STIX 2.1 object type: every property (common ones included), its rules and SCO id recipe. */
export interface ObjectSpec {
  readonly type: string;
  readonly category: ObjectCategory;
  /** All properties the type defines, common properties included. */
  readonly properties: ReadonlyMap<string, PropertySpec>;
  /** Names of the required properties (derived from `properties`, kept for fast checks). */
  readonly required: readonly string[];
  readonly constraints: readonly PropertyConstraint[];
  /** SCOs: the ID Contributing Properties (S043); empty = always UUIDv4 (e.g. process). */
  readonly idContributing?: readonly string[];
  /** SCOs: predefined extensions allowed under `extensions`. */
  readonly extensions?: ReadonlyMap<string, ExtensionSpec>;
  /** Checklist item of the type, e.g. `S092`. */
  readonly checklist: string;
}
