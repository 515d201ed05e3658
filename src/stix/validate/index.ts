/**
 * STIX 2.1 validation: one file per object family, all returning issues and never throwing.
 */
export { detectSpecVersion } from './detect-spec-version.js';
export { isPropertyName } from './property-name.js';
export { RULE_CODES, RULES, type RuleCode } from './rule-codes.js';
export {
  type BundleValidationResult,
  type ObjectValidationResult,
  validateBundle,
  validateObjectList,
} from './validate-bundle.js';
export { validateStixObject } from './validate-stix-object.js';
export type { ValidationIssue, ValidationOptions } from './validation-issue.js';
