import { tryParseTimestamp } from '../../stix/index.js';

/**
 * One observation: what a STIX 2.1 observed-data object reports (§4.13), with its SCOs keyed by
 * the reference that `*_ref(s)` properties use (their `id` in STIX 2.1). Times are STIX
 * timestamp strings, `Date`s or epoch milliseconds.
 */
export interface Observation {
  readonly firstObserved: string | Date | number;
  readonly lastObserved: string | Date | number;
  /** How many times the objects were seen in the interval (≥ 1, default 1). */
  readonly numberObserved?: number;
  readonly objects: Readonly<Record<string, unknown>>;
}

/** An {@link Observation}, or a bare SCO taken as one observation at `now`. */
export type ObservationInput = Observation | Readonly<Record<string, unknown>>;

/** An observation prepared for matching: times in epoch milliseconds. */
export interface PreparedObservation {
  readonly first: number;
  readonly last: number;
  readonly count: number;
  readonly objects: Readonly<Record<string, unknown>>;
  /** The objects a pattern may start from: every object in `objects`. */
  readonly roots: readonly Readonly<Record<string, unknown>>[];
}

/**
 * Normalises matcher input. A value with an `objects` property is an observation; any other
 * object with a string `type` is a bare SCO observed once at `now`.
 *
 * @throws {TypeError} when a bare SCO is given without `now`, or a time is not a timestamp.
 */
export function prepareObservations(
  input: ObservationInput | readonly ObservationInput[],
  now: string | Date | number | undefined,
): PreparedObservation[] {
  const list: readonly ObservationInput[] = Array.isArray(input) ? input : [input as ObservationInput];
  return list.map((o) => prepareOne(o, now));
}

function prepareOne(o: ObservationInput, now: string | Date | number | undefined): PreparedObservation {
  if (isObservation(o)) {
    const first = toMillis(o.firstObserved, 'firstObserved');
    const last = toMillis(o.lastObserved, 'lastObserved');
    const roots = Object.values(o.objects).filter(isRecord);
    return {
      first,
      last: Math.max(first, last),
      count: Math.max(1, Math.floor(o.numberObserved ?? 1)),
      objects: o.objects,
      roots,
    };
  }
  if (now === undefined) throw new TypeError('Cannot match a bare SCO without options.now');
  const at = toMillis(now, 'now');
  const ref = typeof o.id === 'string' ? o.id : '0';
  return { first: at, last: at, count: 1, objects: { [ref]: o }, roots: [o] };
}

function isObservation(o: ObservationInput): o is Observation {
  const { objects, type } = o as { objects?: unknown; type?: unknown };
  return typeof objects === 'object' && objects !== null && typeof type !== 'string';
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Epoch milliseconds (with sub-millisecond fraction) of a time input. @throws {TypeError} */
export function toMillis(value: string | Date | number, what: string): number {
  if (typeof value === 'number') return value;
  if (value instanceof Date) return value.getTime();
  const parsed = tryParseTimestamp(value);
  if (parsed === undefined)
    throw new TypeError(`Cannot read ${what}: ${JSON.stringify(value)} is not a STIX timestamp`);
  return parsed.epochSeconds * 1000 + Number(parsed.nanos) / 1e6;
}
