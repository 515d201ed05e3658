/**
 * SDO and SRO rules beyond the catalogue (§4, §5; checklist S071, S075, S078, S084).
 */
import { OBJECT_CATALOG } from '../catalog/object-catalog.js';
import { tryParseStixId } from '../stix-id.js';
import type { RuleCode } from './rule-codes.js';
import { type IssueSink, own, quote } from './validation-issue.js';

// S084: relationship_type is ASCII a-z, 0-9 and '-'.
const RELATIONSHIP_TYPE_RE = /^[a-z0-9-]+$/;
// Pattern checker codes (docs/pattern.md) that break a rule the validator already has: a custom
// property name in a pattern path is the same S142 fault as on an object (S156).
const PATTERN_RULES: ReadonlyMap<string, RuleCode> = new Map([
  ['PATTERN_PROPERTY_NAME', 'custom-property-name'],
]);

/** Runs the type-specific SDO/SRO rules of `object`. */
export function validateSdoOrSro(object: Record<string, unknown>, type: string, sink: IssueSink): void {
  switch (type) {
    case 'indicator':
      checkIndicator(object, sink);
      return;
    case 'malware':
      // S075: a malware family must be named.
      if (own(object, 'is_family') === true && !Object.hasOwn(object, 'name')) {
        sink.report(
          'required-property',
          '$.name',
          'Property "name" is required when "is_family" is true',
          'S075',
        );
      }
      return;
    case 'observed-data':
      checkObservedDataRefs(object, sink);
      return;
    case 'relationship': {
      const relationshipType = own(object, 'relationship_type');
      if (typeof relationshipType === 'string' && !RELATIONSHIP_TYPE_RE.test(relationshipType)) {
        sink.report(
          'relationship-type',
          '$.relationship_type',
          `Property "relationship_type" must be ASCII a-z, 0-9 and "-", got ${quote(relationshipType)}`,
        );
      }
      return;
    }
  }
}

function checkIndicator(object: Record<string, unknown>, sink: IssueSink): void {
  // S071: name and description SHOULD be provided.
  if (!Object.hasOwn(object, 'name') || !Object.hasOwn(object, 'description')) {
    sink.report('indicator-content', '$', 'An indicator should have a "name" and a "description"');
  }
  const pattern = own(object, 'pattern');
  const checkPattern = sink.options.checkPattern;
  if (checkPattern === undefined || typeof pattern !== 'string' || own(object, 'pattern_type') !== 'stix')
    return;
  let problems: readonly { message: string; code?: string }[];
  try {
    problems = checkPattern(pattern);
  } catch (error) {
    problems = [{ message: error instanceof Error ? error.message : 'Cannot parse pattern' }];
  }
  for (const problem of problems) {
    sink.report(
      (problem.code !== undefined && PATTERN_RULES.get(problem.code)) || 'pattern-syntax',
      '$.pattern',
      problem.code === undefined ? problem.message : `${problem.message} (${problem.code})`,
    );
  }
}

/** S078: `object_refs` of observed-data holds at least one SCO. */
function checkObservedDataRefs(object: Record<string, unknown>, sink: IssueSink): void {
  const refs = own(object, 'object_refs');
  if (!Array.isArray(refs) || refs.length === 0) return;
  for (const ref of refs) {
    const type = tryParseStixId(ref)?.type;
    if (type === undefined) return; // already reported as id-format
    const category = OBJECT_CATALOG.get(type)?.category;
    if (category === undefined || category === 'sco') return;
  }
  sink.report(
    'observed-data-refs',
    '$.object_refs',
    'Property "object_refs" must reference at least one SCO',
  );
}
