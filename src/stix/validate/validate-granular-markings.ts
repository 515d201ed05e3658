/**
 * Granular markings and marking references against the whole object (§7.2.2, §7.2.3;
 * checklist S036, S037, S125, S126).
 */
import { childPath, type IssueSink, indexPath, isRecord, own, quote } from './validation-issue.js';

const INDEX_RE = /^\[(\d+)\]$/;
const MAX_COMPONENTS = 64;

/** S125/S126: every selector resolves to content present in `object`. */
export function validateGranularMarkings(object: Record<string, unknown>, sink: IssueSink): void {
  const markings = own(object, 'granular_markings');
  if (!Array.isArray(markings)) return;
  for (let m = 0; m < markings.length; m++) {
    const marking = markings[m];
    if (!isRecord(marking)) continue;
    const selectors = own(marking, 'selectors');
    if (!Array.isArray(selectors)) continue;
    const base = childPath(indexPath('$.granular_markings', m), 'selectors');
    for (let s = 0; s < selectors.length; s++) {
      const selector = selectors[s];
      if (typeof selector !== 'string') continue;
      const problem = resolveSelector(object, selector);
      if (problem !== undefined) {
        sink.report(
          'granular-marking-selector',
          indexPath(base, s),
          `Selector ${quote(selector)} ${problem}`,
        );
      }
    }
  }
}

/** Returns why `selector` does not resolve inside `root`, or undefined when it does. */
function resolveSelector(root: Record<string, unknown>, selector: string): string | undefined {
  if (selector.length === 0) return 'must not be empty';
  const components = selector.split('.');
  if (components.length > MAX_COMPONENTS) return 'is too long';
  let current: unknown = root;
  for (const component of components) {
    const index = INDEX_RE.exec(component);
    if (index !== null) {
      if (!Array.isArray(current)) return `indexes "${component}" into something that is not a list`;
      const i = Number(index[1]);
      if (i >= current.length) return `index "${component}" is out of range`;
      current = current[i];
    } else {
      if (!isRecord(current)) return `selects "${component}" inside something that is not an object`;
      if (component.length === 0 || !Object.hasOwn(current, component)) {
        return `selects "${component}", which is not present`;
      }
      current = current[component];
    }
  }
  return undefined;
}

/** S036/S037: a marking definition must not mark itself. */
export function checkMarkingSelfReference(
  object: Record<string, unknown>,
  id: unknown,
  sink: IssueSink,
): void {
  if (typeof id !== 'string') return;
  const refs = own(object, 'object_marking_refs');
  if (Array.isArray(refs) && refs.includes(id)) {
    sink.report(
      'marking-circular-ref',
      '$.object_marking_refs',
      'A marking definition must not reference itself in "object_marking_refs"',
    );
  }
  const markings = own(object, 'granular_markings');
  if (!Array.isArray(markings)) return;
  for (let m = 0; m < markings.length; m++) {
    const marking = markings[m];
    if (isRecord(marking) && own(marking, 'marking_ref') === id) {
      sink.report(
        'marking-circular-ref',
        childPath(indexPath('$.granular_markings', m), 'marking_ref'),
        'A marking definition must not reference itself in "granular_markings"',
        'S037',
      );
    }
  }
}
