import { randomUUID } from 'node:crypto';

/** A valid STIX 2.1 indicator; `overrides` replace or add properties. */
export function indicator(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${randomUUID()}`,
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    name: 'Malicious site',
    pattern: "[ipv4-addr:value = '198.51.100.7']",
    pattern_type: 'stix',
    valid_from: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

/** `n` indicators with distinct ids. */
export function indicators(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) =>
    indicator({ name: `Indicator ${i}`, pattern: `[ipv4-addr:value = '10.0.${(i >> 8) & 255}.${i & 255}']` }),
  );
}

export function envelope(objects: readonly unknown[]): { objects: readonly unknown[] } {
  return { objects };
}

/** A STIX 2.1 note with `content` (free text the personal-data detectors read). */
export function note(content: string): Record<string, unknown> {
  return {
    type: 'note',
    spec_version: '2.1',
    id: `note--${randomUUID()}`,
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    content,
    object_refs: [`indicator--${randomUUID()}`],
  };
}
