import { createCatalogObjectModel, validatePattern } from '../pattern/index.js';
import { type ValidationOptions, validateStixObject } from '../stix/index.js';
import type { ObjectIssue } from '../taxii/index.js';

/**
 * The validator every path in uses (TAXII POST, import): the STIX 2.1 rules, with the
 * pattern language plugged into the indicator check (stix/ cannot import pattern/). Only
 * pattern errors reject an indicator; pattern warnings (such as a property the catalogue
 * does not know) do not, since real feeds use vendor properties.
 */
export function createObjectValidator(
  options: ValidationOptions = {},
): (object: unknown) => readonly ObjectIssue[] {
  const merged: ValidationOptions = { checkPattern: createPatternChecker(), ...options };
  return (object) => validateStixObject(object, merged);
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
