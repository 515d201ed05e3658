/**
 * Custom property names inside pattern object paths (STIX 2.1 §9.7, checklist S156 with S142
 * and S133): a path names SCO properties, so a property the catalogue does not define is a
 * custom (or extension) property and must be named like one on an object. The name rule itself
 * is the validator's (`isPropertyName`), so the two cannot drift apart.
 */
import { isPropertyName } from '../stix/index.js';
import type { PathStep } from './ast.js';
import type { PatternObjectModel, PropertyKind } from './object-model.js';

// Kinds whose property steps name object properties (a reference leads into the target object).
const OBJECT_LIKE: ReadonlySet<PropertyKind | 'root'> = new Set(['root', 'object', 'ref']);

/**
 * The custom property names of a path that break the name rule. Dictionary and hashes keys
 * (S011, S015) and extension names (S144) follow other rules and are not reported here; values
 * below a custom property are free-form.
 */
export function badPropertyNames(
  objectType: string,
  steps: readonly PathStep[],
  model: PatternObjectModel,
): string[] {
  const named = customPropertyName(objectType, steps, model);
  return named === undefined || isPropertyName(named) ? [] : [named];
}

function customPropertyName(
  objectType: string,
  steps: readonly PathStep[],
  model: PatternObjectModel,
): string | undefined {
  const first = steps[0];
  // Every property of a custom object type is that type's own: named by the same rule (S143).
  if (!model.hasType(objectType)) return first?.kind === 'property' ? first.name : undefined;
  // Fast path for the common case: a fully known path without extensions has nothing custom.
  const viaExtensions = steps.some((s) => s.kind === 'property' && s.name === 'extensions');
  if (!viaExtensions && model.propertyKind(objectType, steps) !== 'unknown') return undefined;
  let parent: PropertyKind | 'root' = 'root';
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as PathStep;
    const kind = model.propertyKind(objectType, steps.slice(0, i + 1));
    if (parent === 'extensions' && (kind === 'unknown' || kind === 'any')) {
      // A custom `-ext` (unknown) or extension-definition (any) extension: the next step is one
      // of its properties (S133, S142). Predefined extensions are objects of known properties.
      const next = steps[i + 1];
      return next?.kind === 'property' ? next.name : undefined;
    }
    if (kind === 'unknown') {
      return step.kind === 'property' && OBJECT_LIKE.has(parent) ? step.name : undefined;
    }
    parent = kind;
  }
  return undefined;
}
