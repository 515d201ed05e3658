/**
 * Small constructors for catalogue entries. They run once at module load; the resulting
 * specs are frozen plain data.
 */
import type {
  ExtensionSpec,
  ObjectCategory,
  ObjectSpec,
  PropertyConstraint,
  PropertySpec,
  RefCategory,
} from './property-spec.js';
import { VOCABULARIES, type VocabularyName } from './vocabularies.js';

/** A property table written as an object literal: name → spec. */
export type PropertyTable = Readonly<Record<string, PropertySpec>>;

export const STRING: PropertySpec = Object.freeze({ kind: 'string' });
export const BOOLEAN: PropertySpec = Object.freeze({ kind: 'boolean' });
export const INTEGER: PropertySpec = Object.freeze({ kind: 'integer' });
export const FLOAT: PropertySpec = Object.freeze({ kind: 'float' });
export const TIMESTAMP: PropertySpec = Object.freeze({ kind: 'timestamp' });
export const HEX: PropertySpec = Object.freeze({ kind: 'hex' });
export const BINARY: PropertySpec = Object.freeze({ kind: 'binary' });
export const HASHES: PropertySpec = Object.freeze({ kind: 'hashes' });
export const DICTIONARY: PropertySpec = Object.freeze({ kind: 'dictionary' });
export const ANY: PropertySpec = Object.freeze({ kind: 'any' });
export const STRINGS: PropertySpec = list(STRING);
export const KILL_CHAIN_PHASES: PropertySpec = list({ kind: 'kill-chain-phase' });

/** Marks a spec as required (S006). */
export function req(spec: PropertySpec): PropertySpec {
  return Object.freeze({ ...spec, required: true });
}

/** Marks a spec as deprecated (S007). */
export function deprecated(spec: PropertySpec): PropertySpec {
  return Object.freeze({ ...spec, deprecated: true });
}

/** Integer with inclusive bounds. */
export function int(min?: number, max?: number): PropertySpec {
  return Object.freeze({
    kind: 'integer',
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
  });
}

/** Float with inclusive bounds. */
export function float(min: number, max: number): PropertySpec {
  return Object.freeze({ kind: 'float', min, max });
}

/** Non-empty list of `of` (S020). */
export function list(of: PropertySpec): PropertySpec {
  return Object.freeze({ kind: 'list', of });
}

/** Reference to one of the given types or categories (none = any object). */
export function ref(...refTypes: (string | RefCategory)[]): PropertySpec {
  return refTypes.length === 0
    ? Object.freeze({ kind: 'ref' })
    : Object.freeze({ kind: 'ref', refTypes: Object.freeze(refTypes) });
}

/** List of references (`_refs`). */
export function refs(...refTypes: (string | RefCategory)[]): PropertySpec {
  return list(ref(...refTypes));
}

/** Open vocabulary value (S022). */
export function ov(name: VocabularyName): PropertySpec {
  return Object.freeze({ kind: 'open-vocab', vocabulary: name, values: VOCABULARIES[name] });
}

/** Closed enumeration value (S012). */
export function en(name: VocabularyName): PropertySpec {
  return Object.freeze({ kind: 'enum', vocabulary: name, values: VOCABULARIES[name] });
}

/** Dictionary whose values are all `of`. */
export function dict(of: PropertySpec): PropertySpec {
  return Object.freeze({ kind: 'dictionary', of });
}

/** A nested object type with its own properties and rules. */
export function obj(
  table: PropertyTable,
  options: { constraints?: readonly PropertyConstraint[]; nonEmpty?: boolean; checklist?: string } = {},
): PropertySpec {
  return Object.freeze({
    kind: 'object',
    properties: toMap(table),
    ...(options.constraints === undefined ? {} : { constraints: Object.freeze(options.constraints) }),
    ...(options.nonEmpty === true ? { nonEmpty: true } : {}),
    ...(options.checklist === undefined ? {} : { checklist: options.checklist }),
  });
}

/** `at-least-one` constraint. */
export function atLeastOne(checklist: string, ...properties: string[]): PropertyConstraint {
  return Object.freeze({ rule: 'at-least-one', properties: Object.freeze(properties), checklist });
}

/** `exclusive` constraint. */
export function exclusive(checklist: string, ...properties: string[]): PropertyConstraint {
  return Object.freeze({ rule: 'exclusive', properties: Object.freeze(properties), checklist });
}

/** `requires` constraint. */
export function requires(checklist: string, property: string, ...needed: string[]): PropertyConstraint {
  return Object.freeze({ rule: 'requires', property, requires: Object.freeze(needed), checklist });
}

/** `order` constraint: `later` ≥ `earlier` (or `>` when strict). */
export function order(checklist: string, earlier: string, later: string, strict = false): PropertyConstraint {
  return Object.freeze({ rule: 'order', earlier, later, strict, checklist });
}

function toMap(table: PropertyTable): ReadonlyMap<string, PropertySpec> {
  return new Map(Object.entries(table));
}

/** Builds a frozen {@link ObjectSpec}; `common` is merged under `own`. */
export function objectSpec(
  type: string,
  category: ObjectCategory,
  checklist: string,
  common: PropertyTable,
  own: PropertyTable,
  extra: {
    constraints?: readonly PropertyConstraint[];
    idContributing?: readonly string[];
    extensions?: readonly ExtensionSpec[];
  } = {},
): ObjectSpec {
  const properties = toMap({ ...common, ...own });
  const required = [...properties].filter(([, s]) => s.required === true).map(([name]) => name);
  return Object.freeze({
    type,
    category,
    properties,
    required: Object.freeze(required),
    constraints: Object.freeze(extra.constraints ?? []),
    ...(extra.idContributing === undefined ? {} : { idContributing: Object.freeze(extra.idContributing) }),
    ...(extra.extensions === undefined
      ? {}
      : { extensions: new Map(extra.extensions.map((e) => [e.name, e] as const)) }),
    checklist,
  });
}

/** Builds a frozen predefined-extension spec (S104–S115). */
export function extensionSpec(
  name: string,
  checklist: string,
  table: PropertyTable,
  constraints: readonly PropertyConstraint[] = [],
): ExtensionSpec {
  return Object.freeze({
    name,
    checklist,
    properties: toMap(table),
    constraints: Object.freeze(constraints),
  });
}
