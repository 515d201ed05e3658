/**
 * Leaf checks of the STIX 2.1 §2 data types that do not recurse into other property specs:
 * timestamps, hex, binary, hashes, identifiers, kill-chain phases and external references.
 */
import { tryParseStixId } from '../stix-id.js';
import { tryParseTimestamp } from '../timestamp.js';
import { childPath, type IssueSink, isRecord, own, quote } from './validation-issue.js';

const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// S015: hash keys are 3–250 characters of ASCII letters, digits, '-' and '_'.
const HASH_KEY_RE = /^[A-Za-z0-9_-]{3,250}$/;
const LOWER_HYPHEN_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CAPEC_ID_RE = /^CAPEC-\d+$/;
const CVE_ID_RE = /^CVE-\d{4}-\d{4,}$/;
// S040: RFC 4122 version (1–5) and variant (10xx) nibbles, for ids and references alike.
const RFC4122_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** §21 schema formats of the hash-algorithm-ov algorithms (S015). */
const HASH_FORMATS: ReadonlyMap<string, RegExp> = new Map([
  ['MD5', /^[a-fA-F0-9]{32}$/],
  ['SHA-1', /^[a-fA-F0-9]{40}$/],
  ['SHA-256', /^[a-fA-F0-9]{64}$/],
  ['SHA-512', /^[a-fA-F0-9]{128}$/],
  ['SHA3-256', /^[a-fA-F0-9]{64}$/],
  ['SHA3-512', /^[a-fA-F0-9]{128}$/],
  ['SSDEEP', /^[a-zA-Z0-9/+:.]{1,128}$/],
  ['TLSH', /^[a-zA-Z0-9]{70,72}$/],
]);

/** Reports a wrong JSON type. */
export function reportType(sink: IssueSink, path: string, expected: string, value: unknown): void {
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  sink.report('property-type', path, `Property "${lastName(path)}" must be ${expected}, got ${got}`);
}

/** The last component of a JSON path, for messages. */
export function lastName(path: string): string {
  const dot = path.lastIndexOf('.');
  const bracket = path.lastIndexOf('[');
  return dot > bracket ? path.slice(dot + 1) : path.slice(bracket === -1 ? 0 : bracket);
}

/** S024 timestamp, with S029/S030 millisecond or S108 second precision. */
export function checkTimestamp(
  value: unknown,
  precision: 'millisecond' | 'second' | undefined,
  path: string,
  sink: IssueSink,
): void {
  if (typeof value !== 'string') {
    reportType(sink, path, 'a timestamp string', value);
    return;
  }
  const parsed = tryParseTimestamp(value);
  if (parsed === undefined) {
    sink.report(
      'timestamp-format',
      path,
      `Property "${lastName(path)}" must be an RFC 3339 UTC timestamp like "2016-05-12T08:17:27.000Z", got ${quote(value)}`,
    );
  } else if (precision === 'millisecond' && parsed.precision < 3) {
    sink.report(
      'timestamp-precision',
      path,
      `Property "${lastName(path)}" must have at least millisecond precision, got ${quote(value)}`,
      'S029',
    );
  } else if (precision === 'second' && parsed.precision !== 0) {
    sink.report(
      'timestamp-precision',
      path,
      `Property "${lastName(path)}" must have second precision, got ${quote(value)}`,
      'S108',
    );
  }
}

/** S016 hex: an even number of hex digits. */
export function checkHex(value: unknown, path: string, sink: IssueSink): void {
  if (typeof value !== 'string') {
    reportType(sink, path, 'a hex string', value);
    return;
  }
  if (!HEX_RE.test(value)) {
    sink.report('hex-format', path, `Property "${lastName(path)}" must be an even number of hex digits`);
  }
}

/** S009 binary: base64. */
export function checkBinary(value: unknown, path: string, sink: IssueSink): void {
  if (typeof value !== 'string') {
    reportType(sink, path, 'a base64 string', value);
    return;
  }
  // Line breaks are tolerated in long base64 payloads; strip them only when present.
  const text = value.includes('\n') ? value.replace(/\r?\n/g, '') : value;
  if (!BASE64_RE.test(text)) {
    sink.report('binary-format', path, `Property "${lastName(path)}" must be base64 (RFC 4648)`);
  }
}

/** S015 hashes dictionary. */
export function checkHashes(value: unknown, path: string, sink: IssueSink): void {
  if (!isRecord(value)) {
    reportType(sink, path, 'a hashes dictionary', value);
    return;
  }
  let count = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    count++;
    const keyPath = childPath(path, key);
    const hash = value[key];
    if (!HASH_KEY_RE.test(key)) {
      sink.report(
        'dictionary-key',
        keyPath,
        `Hash algorithm ${quote(key)} must be 3-250 characters of a-z, A-Z, 0-9, "-" or "_"`,
        'S015',
      );
    }
    if (typeof hash !== 'string') {
      reportType(sink, keyPath, 'a string', hash);
      continue;
    }
    const format = HASH_FORMATS.get(key);
    if (format !== undefined) {
      if (!format.test(hash))
        sink.report('hash-format', keyPath, `Hash ${quote(key)} has an invalid value ${quote(hash)}`);
    } else if (!key.startsWith('x_')) {
      sink.report(
        'hash-algorithm',
        keyPath,
        `Hash algorithm ${quote(key)} should come from hash-algorithm-ov`,
      );
    }
  }
  if (count === 0)
    sink.report('empty-dictionary', path, `Property "${lastName(path)}" must not be empty`, 'S015');
}

/** S040: true when `uuid` (the part after "--") is an RFC 4122 UUID, version 1–5, variant 10xx. */
export function isRfc4122Uuid(uuid: string): boolean {
  return RFC4122_RE.test(uuid);
}

/**
 * S040: parses and checks a reference; the UUID must be RFC 4122 as in an object's own `id`
 * (the version-4 SHOULD of S042 is about the target's own id, so it is not repeated here).
 * Returns the referenced type, or undefined when the value is not `type--UUID` at all.
 */
export function checkIdentifier(value: unknown, path: string, sink: IssueSink): string | undefined {
  if (typeof value !== 'string') {
    reportType(sink, path, 'an identifier string', value);
    return undefined;
  }
  const parsed = tryParseStixId(value);
  if (parsed === undefined) {
    sink.report(
      'id-format',
      path,
      `Property "${lastName(path)}" must be an identifier like "type--UUID", got ${quote(value)}`,
    );
    return undefined;
  }
  if (!isRfc4122Uuid(parsed.uuid)) {
    sink.report(
      'id-format',
      path,
      `Property "${lastName(path)}" must hold an RFC 4122 UUID (version 1-5, variant 10xx), got ${quote(value)}`,
    );
  }
  return parsed.type;
}

/** S019 kill-chain-phase. */
export function checkKillChainPhase(value: unknown, path: string, sink: IssueSink): void {
  if (!isRecord(value)) {
    reportType(sink, path, 'a kill-chain-phase object', value);
    return;
  }
  for (const name of ['kill_chain_name', 'phase_name']) {
    const v = own(value, name);
    const p = childPath(path, name);
    if (v === undefined) sink.report('required-property', p, `Property "${name}" is required`, 'S019');
    else if (typeof v !== 'string') reportType(sink, p, 'a string', v);
    else if (!LOWER_HYPHEN_RE.test(v)) {
      sink.report(
        'kill-chain-format',
        p,
        `Property "${name}" should be lowercase with hyphens, got ${quote(v)}`,
      );
    }
  }
}

/** S013 external-reference, plus the CAPEC (S065) and CVE (S083) id forms. */
export function checkExternalReference(value: unknown, path: string, sink: IssueSink): void {
  if (!isRecord(value)) {
    reportType(sink, path, 'an external-reference object', value);
    return;
  }
  const source = own(value, 'source_name');
  if (source === undefined)
    sink.report(
      'required-property',
      childPath(path, 'source_name'),
      'Property "source_name" is required',
      'S013',
    );
  for (const name of ['source_name', 'description', 'url', 'external_id']) {
    const v = own(value, name);
    if (v !== undefined && typeof v !== 'string') reportType(sink, childPath(path, name), 'a string', v);
  }
  const hashes = own(value, 'hashes');
  if (hashes !== undefined) checkHashes(hashes, childPath(path, 'hashes'), sink);
  const externalId = own(value, 'external_id');
  if (
    own(value, 'description') === undefined &&
    own(value, 'url') === undefined &&
    externalId === undefined
  ) {
    sink.report(
      'missing-one-of',
      path,
      'An external reference must have one of "description", "url" or "external_id"',
      'S013',
    );
  }
  if (typeof externalId !== 'string') return;
  if (source === 'capec' && !CAPEC_ID_RE.test(externalId)) {
    sink.report(
      'external-reference-id',
      childPath(path, 'external_id'),
      `CAPEC reference ids must look like "CAPEC-<n>", got ${quote(externalId)}`,
      'S065',
    );
  } else if (source === 'cve' && !CVE_ID_RE.test(externalId)) {
    sink.report(
      'external-reference-id',
      childPath(path, 'external_id'),
      `CVE reference ids must be a CVE id like "CVE-2016-1234", got ${quote(externalId)}`,
      'S083',
    );
  }
}
