import type { PiiFinding, PiiKind } from './pii-finding.js';

/**
 * A copy of `object` with each finding's text replaced by `[REDACTED:<kind>]`. The input is
 * never changed. Findings must come from this object (as `detect` returns them); replacing
 * from the end of each string keeps earlier offsets valid.
 */
export function redactPii<T extends Readonly<Record<string, unknown>>>(
  object: T,
  findings: readonly PiiFinding[],
): T {
  if (findings.length === 0) return object;
  const copy = structuredClone(object) as Record<string, unknown>;
  const byField = new Map<string, PiiFinding[]>();
  for (const f of findings) {
    const key = JSON.stringify(f.keys);
    byField.set(key, [...(byField.get(key) ?? []), f]);
  }
  for (const group of byField.values()) {
    const keys = (group[0] as PiiFinding).keys;
    const parent = keys
      .slice(0, -1)
      .reduce<unknown>((node, k) => (node as Record<string | number, unknown>)?.[k], copy);
    const last = keys[keys.length - 1] as string | number;
    const holder = parent as Record<string | number, unknown> | undefined;
    if (holder === undefined || holder === null || typeof holder[last] !== 'string') continue;
    let text = holder[last] as string;
    for (const f of [...group].sort((a, b) => b.start - a.start)) {
      text = `${text.slice(0, f.start)}${redactionMark(f.kind)}${text.slice(f.end)}`;
    }
    holder[last] = text;
  }
  return copy as T;
}

/** The text that stands for redacted personal data of a kind. */
export function redactionMark(kind: PiiKind): string {
  return `[REDACTED:${kind}]`;
}

/** The distinct kinds among findings, in a stable order (for status messages). */
export function findingKinds(findings: readonly PiiFinding[]): PiiKind[] {
  return [...new Set(findings.map((f) => f.kind))].sort();
}
