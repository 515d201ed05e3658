import { createCatalogObjectModel, validatePattern } from '../pattern/index.js';
import { type ValidationOptions, validateStixObject } from '../stix/index.js';
import type { CollectionPolicy } from '../store/index.js';
import type { ObjectIssue } from '../taxii/index.js';

/**
 * The validator every path in uses (TAXII POST, import): the STIX 2.1 rules, with the
 * pattern language plugged into the indicator check (stix/ cannot import pattern/). Only
 * pattern errors reject an indicator; pattern warnings (such as a property the catalogue
 * does not know) do not, since real feeds use vendor properties.
 */
export function createObjectValidator(
  options: ValidationOptions = {},
): (object: unknown, policy?: CollectionPolicy) => readonly ObjectIssue[] {
  const base: ValidationOptions = { checkPattern: createPatternChecker(), ...options };
  // One options object per policy object (one per request): nothing is allocated per object.
  const perPolicy = new WeakMap<CollectionPolicy, ValidationOptions>();
  return (object, policy) => {
    if (policy === undefined) return validateStixObject(object, base);
    let merged = perPolicy.get(policy);
    if (merged === undefined) {
      merged = { ...base, ...policy };
      perPolicy.set(policy, merged);
    }
    return validateStixObject(object, merged);
  };
}

/** The `checkPattern` hook of the STIX validator: pattern errors, with their position. */
export function createPatternChecker(): NonNullable<ValidationOptions['checkPattern']> {
  const objectModel = createCatalogObjectModel();
  return (pattern: string) =>
    validatePattern(pattern, { allowCustom: true, objectModel })
      .filter((i) => i.severity === 'error')
      .map((i) => ({
        code: i.code,
        message: i.line === undefined ? i.message : `${i.message} (at ${i.line}:${i.column})`,
      }));
}
