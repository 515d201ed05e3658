/**
 * Deterministic STIX 2.1 objects for the TAXII and store benchmarks. Object `i` is a pure
 * function of `i`, so a benchmark can name any stored object (e.g. a random id to GET)
 * without keeping a million of them in memory.
 */
import { createHash } from 'node:crypto';
import type { SharingEnvelope } from '../src/sharing/index.js';
import { tryTimestampKey } from '../src/stix/index.js';
import type { PreparedObject } from '../src/store/store.js';

export type BenchType = 'indicator' | 'malware' | 'tool';

/** Deterministic pseudo-random numbers (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The type of object `i`: the first `indicatorsFirst` are indicators (the HTTP ingest);
 * after them 1 in 9 is malware and 1 in 90 a tool, so that at 1,000,000 objects (100,000
 * ingested first) 10% are malware and 1% tools: selective type filters.
 */
export function typeOf(i: number, indicatorsFirst: number): BenchType {
  if (i < indicatorsFirst) return 'indicator';
  const j = i - indicatorsFirst;
  if (j % 9 === 0) return 'malware';
  if (j % 90 === 1) return 'tool';
  return 'indicator';
}

/** A random-looking (v4-shaped) UUID that is a pure function of `i`. */
export function uuidOf(i: number): string {
  const h = createHash('md5').update(`cairn-bench-${i}`).digest('hex');
  const variant = '89ab'[Number.parseInt(h[16] as string, 16) & 3] as string;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function idOf(i: number, indicatorsFirst: number): string {
  return `${typeOf(i, indicatorsFirst)}--${uuidOf(i)}`;
}

const IDENTITY = 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff';
const TLP_GREEN = 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da';
const BASE_MS = Date.parse('2024-01-01T00:00:00.000Z');
const PHASES = [
  'reconnaissance',
  'initial-access',
  'execution',
  'persistence',
  'command-and-control',
  'exfiltration',
];
const INDICATOR_TYPES = ['malicious-activity', 'anomalous-activity', 'attribution', 'compromised', 'benign'];
const MALWARE_TYPES = ['ransomware', 'trojan', 'backdoor', 'bot', 'dropper', 'spyware', 'worm'];
const TOOL_TYPES = ['remote-access', 'credential-exploitation', 'network-capture', 'vulnerability-scanning'];
const WORDS =
  'phishing infrastructure beacon loader stager campaign observed sinkhole telemetry partner report cluster actor domain hosting registrar exfiltration lateral movement credential harvesting'.split(
    ' ',
  );

const hex = (r: () => number, n: number): string => {
  let s = '';
  for (let k = 0; k < n; k++) s += '0123456789abcdef'[Math.floor(r() * 16)];
  return s;
};
const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
const ip = (r: () => number) =>
  `${1 + Math.floor(r() * 222)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`;
const domain = (r: () => number) =>
  `${pick(r, WORDS)}-${hex(r, 6)}.${pick(r, ['com', 'net', 'org', 'info', 'ru'])}`;
const sentence = (r: () => number, words: number) => {
  const out: string[] = [];
  for (let k = 0; k < words; k++) out.push(pick(r, WORDS));
  return out.join(' ');
};

/** A varied, syntactically valid STIX pattern and a short label for the indicator name. */
function pattern(r: () => number): { text: string; what: string } {
  const k = r();
  if (k < 0.3) return { text: `[ipv4-addr:value = '${ip(r)}']`, what: 'IPv4 address' };
  if (k < 0.35)
    return { text: `[ipv4-addr:value ISSUBSET '${ip(r)}/${16 + Math.floor(r() * 13)}']`, what: 'IPv4 range' };
  if (k < 0.38)
    return { text: `[ipv6-addr:value = '2001:db8:${hex(r, 4)}::${hex(r, 4)}']`, what: 'IPv6 address' };
  if (k < 0.55) return { text: `[domain-name:value = '${domain(r)}']`, what: 'domain' };
  if (k < 0.68)
    return {
      text: `[url:value = 'https://${domain(r)}/${hex(r, 10)}/index.php?id=${hex(r, 6)}']`,
      what: 'URL',
    };
  if (k < 0.8) return { text: `[file:hashes.'SHA-256' = '${hex(r, 64)}']`, what: 'file hash' };
  if (k < 0.85)
    return {
      text: `[file:hashes.MD5 = '${hex(r, 32)}' OR file:hashes.'SHA-1' = '${hex(r, 40)}']`,
      what: 'file hashes',
    };
  if (k < 0.9) return { text: `[email-addr:value = '${hex(r, 8)}@${domain(r)}']`, what: 'sender address' };
  if (k < 0.95) {
    return {
      text: `[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '${ip(r)}' AND network-traffic:dst_port = ${1 + Math.floor(r() * 65535)}]`,
      what: 'C2 traffic',
    };
  }
  return {
    text: `[file:name = 'update-${hex(r, 4)}.exe'] FOLLOWEDBY [domain-name:value = '${domain(r)}'] WITHIN 600 SECONDS`,
    what: 'dropper behaviour',
  };
}

function timestamp(i: number): string {
  return new Date(BASE_MS + i * 1000).toISOString();
}

/** Object `i` as a plain STIX object (about 700 bytes serialised for indicators). */
export function makeObject(i: number, indicatorsFirst: number): Record<string, unknown> {
  const r = rng(i + 1);
  const type = typeOf(i, indicatorsFirst);
  const created = timestamp(i);
  const common = {
    type,
    spec_version: '2.1',
    id: `${type}--${uuidOf(i)}`,
    created,
    modified: created,
    created_by_ref: IDENTITY,
  };
  const tail = {
    confidence: 10 * Math.floor(r() * 11),
    external_references: [{ source_name: 'cairn-bench', external_id: `CB-${i}` }],
    object_marking_refs: [TLP_GREEN],
  };
  if (type === 'indicator') {
    const p = pattern(r);
    return {
      ...common,
      name: `${p.what} (bench ${i})`,
      description: `${sentence(r, 3 + Math.floor(r() * 5))}.`,
      indicator_types: [pick(r, INDICATOR_TYPES)],
      pattern: p.text,
      pattern_type: 'stix',
      valid_from: created,
      kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: pick(r, PHASES) }],
      ...tail,
    };
  }
  if (type === 'malware') {
    return {
      ...common,
      name: `${pick(r, WORDS)}-${hex(r, 4)}`,
      description: `${sentence(r, 10 + Math.floor(r() * 10))}.`,
      malware_types: [pick(r, MALWARE_TYPES)],
      is_family: r() < 0.5,
      kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: pick(r, PHASES) }],
      ...tail,
    };
  }
  return {
    ...common,
    name: `${pick(r, WORDS)}-tool-${hex(r, 4)}`,
    description: `${sentence(r, 10)}.`,
    tool_types: [pick(r, TOOL_TYPES)],
    ...tail,
  };
}

/**
 * The sharing facts of a GREEN object submitted by `bench-org` with no consent to show it:
 * what a store-level benchmark stores when it has no real submitter.
 */
export const BENCH_ENVELOPE: SharingEnvelope = {
  tlp: 'green',
  submitterOrgId: 'bench-org',
  consent: 'none',
  providersAllowed: false,
  recipients: [],
  sourceIdentity: false,
};

/**
 * Object `i` in the shape the TAXII layer prepares for the store. `envelope` defaults to
 * BENCH_ENVELOPE; callers with a real submitter use `prepareSharing` instead.
 */
export function prepareObject(
  i: number,
  indicatorsFirst: number,
  envelope: SharingEnvelope = BENCH_ENVELOPE,
): PreparedObject {
  const object = makeObject(i, indicatorsFirst);
  const version = object.created as string;
  return {
    stixId: object.id as string,
    type: object.type as string,
    version,
    versionKey: tryTimestampKey(version),
    specVersion: '2.1',
    json: JSON.stringify(object),
    object,
    envelope,
  };
}

/** A TAXII envelope of objects `from` … `from + count - 1`, as UTF-8 bytes. */
export function envelopeBytes(from: number, count: number, indicatorsFirst: number): Buffer {
  const parts: string[] = [];
  for (let i = from; i < from + count; i++) parts.push(JSON.stringify(makeObject(i, indicatorsFirst)));
  return Buffer.from(`{"objects":[${parts.join(',')}]}`);
}
