import type { PathStep } from '../ast.js';

/** Objects of one observation, keyed by the reference used in `*_ref(s)` properties. */
export type ObjectsByRef = Readonly<Record<string, unknown>>;

/**
 * The values an object path selects from `root` (STIX 2.1 §9.7). `[*]` selects every element,
 * `[n]` one (out of range or negative: none). A property step applied to a value reached through
 * a `*_ref`/`*_refs` property first follows the reference into `objects`; references that do not
 * resolve select nothing. JSON `null` counts as absent.
 */
export function resolvePath(root: unknown, steps: readonly PathStep[], objects: ObjectsByRef): unknown[] {
  let current: unknown[] = [root];
  let viaRef = false;
  for (const step of steps) {
    const next: unknown[] = [];
    for (let value of current) {
      if (step.kind === 'property') {
        if (viaRef) {
          if (typeof value !== 'string' || !Object.hasOwn(objects, value)) continue;
          value = objects[value];
        }
        if (!isRecord(value) || !Object.hasOwn(value, step.name)) continue;
        const v = value[step.name];
        if (v !== null && v !== undefined) next.push(v);
      } else if (Array.isArray(value)) {
        if (step.kind === 'any-index') {
          for (const v of value) if (v !== null && v !== undefined) next.push(v);
        } else if (step.index >= 0 && step.index < value.length) {
          const v = value[step.index];
          if (v !== null && v !== undefined) next.push(v);
        }
      }
    }
    if (step.kind === 'property') viaRef = step.name.endsWith('_ref') || step.name.endsWith('_refs');
    current = next;
    if (current.length === 0) break;
  }
  return current;
}

/** Name of the last property step, which decides binary handling (`_bin`, `_hex`). */
export function lastPropertyName(steps: readonly PathStep[]): string | undefined {
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i];
    if (s?.kind === 'property') return s.name;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
