/**
 * Per-collection policy checks (issue 3 "Policy options"): required markings, required
 * creator, maximum object size.
 */
import type { ObjectCategory } from '../catalog/property-spec.js';
import type { IssueSink } from './validation-issue.js';

/** Applies the policy options of `sink` to `object`. */
export function checkPolicy(
  object: Record<string, unknown>,
  category: ObjectCategory,
  sink: IssueSink,
): void {
  const options = sink.options;
  if (
    options.requireMarkings === true &&
    !Object.hasOwn(object, 'object_marking_refs') &&
    !Object.hasOwn(object, 'granular_markings') &&
    object.type !== 'marking-definition'
  ) {
    sink.report(
      'marking-required',
      '$.object_marking_refs',
      'Property "object_marking_refs" is required in this collection',
    );
  }
  // S051: SCOs have no creator (§3.2 applicability), so the policy covers the other categories.
  if (
    options.requireCreatedByRef === true &&
    category !== 'sco' &&
    !Object.hasOwn(object, 'created_by_ref')
  ) {
    sink.report(
      'created-by-ref-required',
      '$.created_by_ref',
      'Property "created_by_ref" is required in this collection',
    );
  }
  const max = options.maxObjectBytes;
  if (max !== undefined) {
    const size = serializedSize(object);
    if (size === undefined) {
      sink.report('nesting-depth', '$', 'Object is too deeply nested to be serialised');
    } else if (size > max) {
      sink.report('object-size', '$', `Object must not be larger than ${max} bytes, got ${size}`);
    }
  }
}

/** UTF-8 size of the JSON serialisation, or undefined when it cannot be serialised. */
function serializedSize(object: Record<string, unknown>): number | undefined {
  try {
    return Buffer.byteLength(JSON.stringify(object), 'utf8');
  } catch {
    return undefined;
  }
}
