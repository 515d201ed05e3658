/**
 * STIX 2.1 §3.2 timestamps: RFC 3339, UTC `Z`, any sub-second precision. TAXII 2.1 §2
 * timestamps are the same with exactly six fractional digits. Comparisons are by instant,
 * so `...:01Z` equals `...:01.000Z` (TAXII checklist A7).
 */

// Strict form: 4-digit year, 2-digit fields, optional fraction of 1+ digits, literal Z.
const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;

/** A parsed timestamp: whole seconds since the epoch and the fraction as a 9-digit string. */
export interface ParsedTimestamp {
  readonly epochSeconds: number;
  /** Fraction of a second, right-padded or truncated to nanoseconds (9 digits). */
  readonly nanos: string;
  /** Digits of precision given in the text (0 when no fraction). */
  readonly precision: number;
}

/** Parses a STIX timestamp, or returns undefined when `text` is not one. */
export function tryParseTimestamp(text: unknown): ParsedTimestamp | undefined {
  if (typeof text !== 'string') return undefined;
  const m = TIMESTAMP_RE.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac = ''] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  // Leap seconds (60) are allowed by RFC 3339 but Date cannot represent them; STIX producers never emit them.
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  if (frac.length > 9 && /[1-9]/.test(frac.slice(9))) return undefined;
  const epochSeconds = Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
  return { epochSeconds, nanos: frac.slice(0, 9).padEnd(9, '0'), precision: frac.length };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  // Arithmetic rather than a Date: this runs for every timestamp of every validated object.
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1] ?? 31;
}

/** True when `text` is a valid STIX timestamp. */
export function isTimestamp(text: unknown): text is string {
  return tryParseTimestamp(text) !== undefined;
}

/**
 * A fixed-width, lexicographically sortable key for a timestamp instant
 * (`YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`), used to store and compare versions.
 */
export function timestampKey(parsed: ParsedTimestamp): string {
  const iso = new Date(parsed.epochSeconds * 1000).toISOString();
  return `${iso.slice(0, 19)}.${parsed.nanos}Z`;
}

/** Sortable key of a timestamp string, or undefined when it is not a timestamp. */
export function tryTimestampKey(text: unknown): string | undefined {
  const parsed = tryParseTimestamp(text);
  return parsed === undefined ? undefined : timestampKey(parsed);
}

/** Formats microseconds since the epoch as a TAXII timestamp (exactly six fractional digits). */
export function formatMicros(micros: number): string {
  const millis = Math.floor(micros / 1000);
  const rest = micros - millis * 1000;
  const iso = new Date(millis).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  return `${iso.slice(0, 23)}${String(rest).padStart(3, '0')}Z`;
}

/** Microseconds since the epoch of a parsed timestamp (sub-microsecond digits truncated). */
export function toMicros(parsed: ParsedTimestamp): number {
  return parsed.epochSeconds * 1_000_000 + Number(parsed.nanos.slice(0, 6));
}
