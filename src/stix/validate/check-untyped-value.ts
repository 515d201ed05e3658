/**
 * Values the catalogue does not type (custom properties, properties of custom and
 * extension-defined objects and extensions, untyped dictionaries and `any` values) are still
 * STIX data: S020 forbids empty lists everywhere, not only in spec-defined properties.
 */
import { lastName } from './check-formats.js';
import { childPath, type IssueSink, indexPath } from './validation-issue.js';

// Deeper values are not descended into: hostile nesting must not cost unbounded work per level
// (an object that deep is refused by `nesting-depth` when the collection sets a size limit).
const MAX_DEPTH = 64;

/** S020: reports every empty list inside an untyped `value` (the value itself included). */
export function checkUntypedValue(value: unknown, path: string, sink: IssueSink): void {
  // Scalars (the common case) cost nothing.
  if (typeof value !== 'object' || value === null) return;
  // An explicit stack rather than recursion, so depth cannot exhaust the call stack.
  const stack: { value: object; path: string; depth: number }[] = [{ value, path, depth: 0 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value: node, path: at, depth } = next;
    if (Array.isArray(node)) {
      if (node.length === 0) {
        sink.report('empty-list', at, `Property "${lastName(at)}" must not be an empty list`);
        continue;
      }
      if (depth >= MAX_DEPTH) continue;
      for (let i = node.length - 1; i >= 0; i--) {
        const item: unknown = node[i];
        if (typeof item === 'object' && item !== null)
          stack.push({ value: item, path: indexPath(at, i), depth: depth + 1 });
      }
      continue;
    }
    if (depth >= MAX_DEPTH) continue;
    const record = node as Record<string, unknown>;
    const keys = Object.keys(record);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      const item = record[key];
      if (typeof item === 'object' && item !== null)
        stack.push({ value: item, path: childPath(at, key), depth: depth + 1 });
    }
  }
}
