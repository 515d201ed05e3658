/**
 * The stable validation rule codes. Each code has one severity (SHOULD rules are warnings)
 * and is documented under a heading of the same name in `docs/validation.md`; a test keeps
 * the two in sync.
 */

/** Every rule code with its severity and the checklist items it enforces. */
export const RULES = {
  'not-an-object': { severity: 'error', checklist: 'S160' },
  'required-property': { severity: 'error', checklist: 'S006' },
  'property-type': { severity: 'error', checklist: 'S160' },
  'empty-list': { severity: 'error', checklist: 'S020' },
  'empty-dictionary': { severity: 'error', checklist: 'S011' },
  'empty-object': { severity: 'error', checklist: 'S103' },
  'dictionary-key': { severity: 'error', checklist: 'S011' },
  'value-range': { severity: 'error', checklist: 'S018' },
  'timestamp-format': { severity: 'error', checklist: 'S024' },
  'timestamp-precision': { severity: 'error', checklist: 'S029' },
  'hex-format': { severity: 'error', checklist: 'S016' },
  'binary-format': { severity: 'error', checklist: 'S009' },
  'hash-format': { severity: 'error', checklist: 'S015' },
  'hash-algorithm': { severity: 'warning', checklist: 'S015' },
  'id-format': { severity: 'error', checklist: 'S040' },
  'uuid-version': { severity: 'warning', checklist: 'S042' },
  'sco-uuid-version': { severity: 'error', checklist: 'S044' },
  'sco-deterministic-id': { severity: 'warning', checklist: 'S043' },
  'type-format': { severity: 'error', checklist: 'S143' },
  'spec-version': { severity: 'error', checklist: 'S026' },
  'bundle-spec-version': { severity: 'warning', checklist: 'S137' },
  'ref-type': { severity: 'error', checklist: 'S047' },
  'modified-before-created': { severity: 'error', checklist: 'S030' },
  'valid-until-before-valid-from': { severity: 'error', checklist: 'S071' },
  'timestamp-order': { severity: 'error', checklist: 'S066' },
  'closed-vocabulary': { severity: 'error', checklist: 'S012' },
  'open-vocabulary': { severity: 'warning', checklist: 'S022' },
  'missing-one-of': { severity: 'error', checklist: 'S074' },
  'mutually-exclusive': { severity: 'error', checklist: 'S078' },
  'dependent-property': { severity: 'error', checklist: 'S005' },
  'not-applicable-property': { severity: 'error', checklist: 'S038' },
  'reserved-property': { severity: 'error', checklist: 'S061' },
  'deprecated-property': { severity: 'warning', checklist: 'S007' },
  'custom-property-name': { severity: 'error', checklist: 'S142' },
  'custom-property': { severity: 'error', checklist: 'S141' },
  'custom-object': { severity: 'error', checklist: 'S141' },
  'custom-prefix': { severity: 'warning', checklist: 'S142' },
  'deprecated-custom-prefix': { severity: 'warning', checklist: 'S141' },
  'extension-key': { severity: 'error', checklist: 'S039' },
  'extension-type': { severity: 'error', checklist: 'S039' },
  'extension-properties': { severity: 'error', checklist: 'S129' },
  'extension-description': { severity: 'warning', checklist: 'S128' },
  'external-reference-id': { severity: 'error', checklist: 'S065' },
  'language-tag': { severity: 'error', checklist: 'S034' },
  'observable-value': { severity: 'error', checklist: 'S095' },
  'observed-data-refs': { severity: 'error', checklist: 'S078' },
  'email-body': { severity: 'error', checklist: 'S091' },
  'network-traffic-active': { severity: 'error', checklist: 'S097' },
  'relationship-type': { severity: 'error', checklist: 'S084' },
  'indicator-content': { severity: 'warning', checklist: 'S071' },
  'kill-chain-format': { severity: 'warning', checklist: 'S019' },
  'granular-marking': { severity: 'error', checklist: 'S124' },
  'granular-marking-selector': { severity: 'error', checklist: 'S126' },
  'marking-circular-ref': { severity: 'error', checklist: 'S036' },
  'marking-definition': { severity: 'error', checklist: 'S120' },
  'tlp-marking': { severity: 'error', checklist: 'S122' },
  'pattern-syntax': { severity: 'error', checklist: 'S071' },
  'object-size': { severity: 'error', checklist: 'S001' },
  'marking-required': { severity: 'error', checklist: 'S123' },
  'created-by-ref-required': { severity: 'error', checklist: 'S051' },
  'duplicate-object': { severity: 'warning', checklist: 'S056' },
  'conflicting-version': { severity: 'error', checklist: 'S057' },
  'nesting-depth': { severity: 'error', checklist: 'S001' },
} as const satisfies Record<string, { severity: 'error' | 'warning'; checklist: string }>;

/** A stable validation rule code. */
export type RuleCode = keyof typeof RULES;

/** Every rule code, for docs and tooling. */
export const RULE_CODES: readonly RuleCode[] = Object.freeze(Object.keys(RULES) as RuleCode[]);
