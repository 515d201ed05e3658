import { HubError } from '../core/index.js';
import type { Observation, ObservationInput } from '../pattern/index.js';

type Json = Readonly<Record<string, unknown>>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The observations one input value stands for (issue 4, `cairn match`): a bare SCO is one
 * observation at the matcher's `now`; a STIX bundle (or envelope) yields one observation per
 * observed-data object, holding the SCOs it references (STIX 2.1 `object_refs`, or the
 * deprecated embedded `objects` of 2.0-style content).
 *
 * @throws HubError CAIRN_INVALID_INPUT when the value is neither.
 */
export function observationsFromInput(value: unknown): ObservationInput[] {
  if (!isObject(value)) throw new HubError('CAIRN_INVALID_INPUT', 'An observation must be a JSON object');
  const objects = value.objects;
  if (!Array.isArray(objects)) {
    if (typeof value.type !== 'string')
      throw new HubError('CAIRN_INVALID_INPUT', 'An observation needs a "type" or an "objects" list');
    return [value];
  }
  const byId = new Map<string, Json>();
  for (const o of objects) if (isObject(o) && typeof o.id === 'string') byId.set(o.id, o);
  const observations: Observation[] = [];
  for (const o of objects) {
    if (!isObject(o) || o.type !== 'observed-data') continue;
    observations.push({
      firstObserved: text(o.first_observed, 'first_observed'),
      lastObserved: text(o.last_observed, 'last_observed'),
      numberObserved: typeof o.number_observed === 'number' ? o.number_observed : 1,
      objects: observedObjects(o, byId),
    });
  }
  if (observations.length === 0)
    throw new HubError('CAIRN_INVALID_INPUT', 'The bundle holds no observed-data object');
  return observations;
}

function observedObjects(observed: Json, byId: ReadonlyMap<string, Json>): Record<string, unknown> {
  const found: Record<string, unknown> = {};
  if (isObject(observed.objects)) Object.assign(found, observed.objects);
  if (Array.isArray(observed.object_refs)) {
    for (const ref of observed.object_refs) {
      const sco = typeof ref === 'string' ? byId.get(ref) : undefined;
      if (sco === undefined) continue;
      found[ref as string] = sco;
      // Follow the SCO's own references (e.g. network-traffic → ipv4-addr) inside the bundle.
      for (const [key, v] of Object.entries(sco)) {
        const refs = key.endsWith('_ref') ? [v] : key.endsWith('_refs') && Array.isArray(v) ? v : [];
        for (const r of refs) {
          const target = typeof r === 'string' ? byId.get(r) : undefined;
          if (target !== undefined) found[r as string] = target;
        }
      }
    }
  }
  return found;
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string')
    throw new HubError('CAIRN_INVALID_INPUT', `An observed-data object lacks "${name}"`);
  return value;
}
