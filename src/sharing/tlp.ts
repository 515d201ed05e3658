import type { TlpLevel } from '../core/index.js';

/**
 * Traffic Light Protocol markings (checklist S122 and §17). TLP 2.0 ids are emitted; TLP 1.0
 * ids are recognised, WHITE counting as CLEAR (DESIGN.md §3).
 */
export const TLP2_MARKING_IDS: Readonly<Record<TlpLevel, string>> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

const TLP1_MARKING_IDS: Readonly<Record<string, TlpLevel>> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'clear',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'green',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'amber',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'red',
};

const LEVEL_BY_ID: ReadonlyMap<string, TlpLevel> = new Map([
  ...Object.entries(TLP2_MARKING_IDS).map(([level, id]) => [id, level as TlpLevel] as const),
  ...Object.entries(TLP1_MARKING_IDS),
]);

/** Restrictiveness: a higher rank is seen by fewer. */
export const TLP_RANK: Readonly<Record<TlpLevel, number>> = {
  clear: 0,
  green: 1,
  amber: 2,
  'amber+strict': 3,
  red: 4,
};

/** The TLP level a marking-definition id stands for, if it is a TLP marking. */
export function tlpOfMarking(markingId: string): TlpLevel | undefined {
  return LEVEL_BY_ID.get(markingId);
}

/** The more restrictive of two levels ("the most restrictive marking wins"). */
export function stricterTlp(a: TlpLevel, b: TlpLevel): TlpLevel {
  return TLP_RANK[a] >= TLP_RANK[b] ? a : b;
}

/**
 * The effective TLP of a STIX object: the most restrictive TLP among its object markings and
 * granular markings (a granular marking restricts part of the object, so the object as a
 * whole is treated at that level); the community default when it carries none. TLP marking
 * definitions themselves are CLEAR: they are public definitions.
 */
export function effectiveTlp(
  object: Readonly<Record<string, unknown>>,
  communityDefault: TlpLevel,
): TlpLevel {
  if (typeof object.id === 'string' && LEVEL_BY_ID.has(object.id)) return 'clear';
  let found: TlpLevel | undefined;
  const consider = (ref: unknown) => {
    const level = typeof ref === 'string' ? LEVEL_BY_ID.get(ref) : undefined;
    if (level !== undefined) found = found === undefined ? level : stricterTlp(found, level);
  };
  if (Array.isArray(object.object_marking_refs)) object.object_marking_refs.forEach(consider);
  if (Array.isArray(object.granular_markings)) {
    for (const g of object.granular_markings) consider((g as { marking_ref?: unknown } | null)?.marking_ref);
  }
  return found ?? communityDefault;
}
