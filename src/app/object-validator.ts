import { type ValidationOptions, validateStixObject } from '../stix/index.js';
import type { ObjectIssue } from '../taxii/index.js';

/**
 * The validator every path in uses (TAXII POST, import): the STIX 2.1 rules, with the
 * pattern check plugged in once the pattern language is available.
 */
export function createObjectValidator(
  options: ValidationOptions = {},
): (object: unknown) => readonly ObjectIssue[] {
  return (object) => validateStixObject(object, options);
}
