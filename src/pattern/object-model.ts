import { type PropertyKind, type PropertySpec, SCO_CATALOG } from '../stix/index.js';
import type { PathStep } from './ast.js';

export type { PropertyKind } from '../stix/index.js';

/**
 * What pattern validation needs to know about Cyber-observable objects: which types exist and
 * the kind of the value an object path selects. `'unknown'` means the path names nothing known.
 */
export interface PatternObjectModel {
  hasType(type: string): boolean;
  propertyKind(type: string, path: readonly PathStep[]): PropertyKind | 'unknown';
}

/**
 * The object model of the STIX 2.1 catalogue (`src/stix/catalog`, §6 SCOs and their predefined
 * extensions). Paths follow `*_ref(s)` into the referenced types (STIX 2.1 §9.7); dictionary
 * keys, hashes keys and extension-definition extensions accept any key.
 */
export function createCatalogObjectModel(): PatternObjectModel {
  return {
    hasType: (type) => SCO_CATALOG.has(type),
    propertyKind: (type, path) => kindOf([type], path),
  };
}

function kindOf(types: readonly string[], path: readonly PathStep[]): PropertyKind | 'unknown' {
  for (const type of types) {
    const spec = SCO_CATALOG.get(type);
    if (spec === undefined) continue;
    const [first, ...rest] = path;
    if (first?.kind !== 'property') continue;
    const kind = walk(spec.properties.get(first.name), rest, type);
    if (kind !== 'unknown') return kind;
  }
  return 'unknown';
}

function walk(
  spec: PropertySpec | undefined,
  rest: readonly PathStep[],
  type: string,
): PropertyKind | 'unknown' {
  if (spec === undefined) return 'unknown';
  const [step, ...tail] = rest;
  if (step === undefined) return spec.kind;
  switch (spec.kind) {
    case 'list':
      return step.kind === 'property' ? 'unknown' : walk(spec.of, tail, type);
    case 'ref': {
      const targets = (spec.refTypes ?? []).filter((t) => !t.startsWith('@'));
      return targets.length === 0 ? 'any' : kindOf(targets, rest);
    }
    case 'hashes':
      return step.kind === 'property' ? walk({ kind: 'string' }, tail, type) : 'unknown';
    case 'dictionary':
      return step.kind === 'property'
        ? spec.of === undefined
          ? 'any'
          : walk(spec.of, tail, type)
        : 'unknown';
    case 'object':
      return step.kind === 'property' ? walk(spec.properties?.get(step.name), tail, type) : 'unknown';
    case 'extensions': {
      if (step.kind !== 'property') return 'unknown';
      const ext = SCO_CATALOG.get(type)?.extensions?.get(step.name);
      if (ext !== undefined) return walk({ kind: 'object', properties: ext.properties }, tail, type);
      // STIX 2.1 §7.3: extension-definition extensions carry properties we cannot know.
      return step.name.startsWith('extension-definition--') ? 'any' : 'unknown';
    }
    case 'any':
      return 'any';
    default:
      return 'unknown';
  }
}
