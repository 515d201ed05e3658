/** A source of time, injected so tests and the store can control it. */
export interface Clock {
  /** Microseconds since the Unix epoch. */
  nowMicros(): number;
}

/** Wall clock with microsecond resolution, never running backwards within the process. */
export function createSystemClock(): Clock {
  // performance.timeOrigin + now() gives sub-millisecond resolution that Date.now() lacks.
  const origin = Math.round(performance.timeOrigin * 1000);
  let last = 0;
  return {
    nowMicros() {
      const now = origin + Math.round(performance.now() * 1000);
      last = Math.max(now, last);
      return last;
    },
  };
}
