/**
 * The catalogue's cross-property rules (at-least-one, exclusive, requires, order) applied to
 * one object or nested object.
 */
import type { PropertyConstraint } from '../catalog/property-spec.js';
import { tryTimestampKey } from '../timestamp.js';
import { childPath, type IssueSink } from './validation-issue.js';

/** Applies the catalogue's cross-property rules to `record`. */
export function checkConstraints(
  record: Record<string, unknown>,
  constraints: readonly PropertyConstraint[],
  path: string,
  sink: IssueSink,
): void {
  for (const c of constraints) {
    switch (c.rule) {
      case 'at-least-one':
        if (!c.properties.some((p) => Object.hasOwn(record, p))) {
          sink.report('missing-one-of', path, `One of ${names(c.properties)} is required`, c.checklist);
        }
        break;
      case 'exclusive':
        if (c.properties.filter((p) => Object.hasOwn(record, p)).length > 1) {
          sink.report(
            'mutually-exclusive',
            path,
            `Only one of ${names(c.properties)} may be present`,
            c.checklist,
          );
        }
        break;
      case 'requires':
        if (Object.hasOwn(record, c.property)) {
          for (const needed of c.requires) {
            if (!Object.hasOwn(record, needed)) {
              sink.report(
                'dependent-property',
                childPath(path, c.property),
                `Property "${c.property}" requires "${needed}"`,
                c.checklist,
              );
            }
          }
        }
        break;
      case 'order':
        checkOrder(record, c.earlier, c.later, c.strict, path, c.checklist, sink);
        break;
    }
  }
}

function checkOrder(
  record: Record<string, unknown>,
  earlier: string,
  later: string,
  strict: boolean,
  path: string,
  checklist: string,
  sink: IssueSink,
): void {
  const a = Object.hasOwn(record, earlier) ? tryTimestampKey(record[earlier]) : undefined;
  const b = Object.hasOwn(record, later) ? tryTimestampKey(record[later]) : undefined;
  if (a === undefined || b === undefined) return;
  if (strict ? b > a : b >= a) return;
  const code = later === 'valid_until' ? 'valid-until-before-valid-from' : 'timestamp-order';
  const relation = strict ? 'later than' : 'earlier than';
  const message = strict
    ? `Property "${later}" must be ${relation} "${earlier}"`
    : `Property "${later}" must not be ${relation} "${earlier}"`;
  sink.report(code, childPath(path, later), message, checklist);
}

function names(list: readonly string[]): string {
  return list.map((n) => `"${n}"`).join(', ');
}
