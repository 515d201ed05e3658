import { describe, expect, it } from 'vitest';
import { parsePattern } from '../parse-pattern.js';
import { matchPattern } from './match-pattern.js';
import type { Observation } from './observation-input.js';

const NOW = '2024-01-01T00:00:00Z';
const at = (time: string, objects: Record<string, unknown>, numberObserved = 1): Observation => ({
  firstObserved: time,
  lastObserved: time,
  numberObserved,
  objects,
});
const m = (pattern: string, input: Parameters<typeof matchPattern>[1]) =>
  matchPattern(parsePattern(pattern), input, { now: NOW });

const file = {
  type: 'file',
  id: 'file--1',
  name: 'invoice.exe',
  size: 2048,
  hashes: { MD5: 'cead3f77f6cda6ec00f57d76c9a6879f', 'SHA-256': 'aa' },
  magic_number_hex: 'ffd8ffe0',
  ctime: '2024-01-01T10:00:00.5Z',
  extensions: { 'windows-pebinary-ext': { pe_type: 'exe', sections: [{ entropy: 7.5 }, { entropy: 2 }] } },
};

describe('matchPattern comparisons (STIX 2.1 §9.6)', () => {
  it.each([
    ["[file:name = 'invoice.exe']", true],
    ["[file:name != 'other.exe']", true],
    ["[file:name NOT = 'invoice.exe']", false],
    ['[file:size > 1024]', true],
    ['[file:size >= 2048.0]', true],
    ['[file:size < 2048]', false],
    ["[file:size = '2048']", false],
    ["[file:size != '2048']", true],
    ['[file:size IN (1, 2048)]', true],
    ['[file:size NOT IN (1, 2048)]', false],
    ["[file:name LIKE 'inv%.e_e']", true],
    ["[file:name LIKE 'inv_.exe']", false],
    ["[file:name MATCHES '^inv.*\\\\.exe$']", true],
    ["[file:name MATCHES 'VOICE']", false],
    ["[file:name MATCHES '(?i)VOICE']", true],
    ["[file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f']", true],
    ["[file:hashes.'SHA-256' = 'aa']", true],
    ["[file:hashes.'SHA-1' = 'aa']", false],
    ["[file:hashes.'SHA-1' != 'aa']", false],
    ["[file:magic_number_hex = h'FFD8FFE0']", true],
    ["[file:magic_number_hex > h'ffd8']", true],
    ["[file:magic_number_hex = '\u00ff\u00d8\u00ff\u00e0']", true],
    ["[file:magic_number_hex = '\u0100']", false],
    ["[file:magic_number_hex != '\u0100']", true],
    ["[file:ctime = t'2024-01-01T10:00:00.500Z']", true],
    ["[file:ctime > t'2024-01-01T10:00:00Z']", true],
    ["[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]", true],
    ["[file:extensions.'windows-pebinary-ext'.sections[1].entropy > 7.0]", false],
    ["[file:extensions.'windows-pebinary-ext'.sections[5].entropy > 0]", false],
    ["[file:extensions.'windows-pebinary-ext'.sections[*].entropy NOT > 7.0]", true],
    ['[EXISTS file:hashes.MD5]', true],
    ['[NOT EXISTS file:hashes.MD5]', false],
    ['[NOT EXISTS file:parent_directory_ref]', true],
    ["[file:name = 'invoice.exe' AND file:size = 2048]", true],
    ["[file:name = 'x' OR file:size = 2048]", true],
    ["[domain-name:value = 'invoice.exe' OR file:size = 1]", false],
  ])('%s → %s (checklist 18.3)', (pattern, expected) => {
    expect(m(pattern, file)).toBe(expected);
  });

  it.each([
    ["[ipv4-addr:value ISSUBSET '198.51.100.0/24']", '198.51.100.7', true],
    ["[ipv4-addr:value ISSUBSET '198.51.100.0/24']", '198.51.101.7', false],
    ["[ipv4-addr:value ISSUBSET '198.51.100.0/24']", '198.51.100.0/24', true],
    ["[ipv4-addr:value ISSUBSET '198.51.100.0/24']", '198.51.0.0/16', false],
    ["[ipv4-addr:value ISSUPERSET '198.51.100.7']", '198.51.0.0/16', true],
    ["[ipv4-addr:value NOT ISSUBSET '10.0.0.0/8']", '198.51.100.7', true],
    ["[ipv6-addr:value ISSUBSET '2001:db8::/32']", '2001:db8:dead::1', true],
    [
      "[ipv6-addr:value ISSUBSET '2001:0db8:dead:beef:0000:0000:0000:0000/64']",
      '2001:db8:dead:beef::42',
      true,
    ],
    ["[ipv6-addr:value ISSUBSET '2001:db8::/32']", '2001:db9::1', false],
  ])('%s on %s → %s (ISSUBSET/ISSUPERSET with CIDR, checklist 18.3)', (pattern, value, expected) => {
    const type = value.includes(':') ? 'ipv6-addr' : 'ipv4-addr';
    expect(m(pattern, { type, value })).toBe(expected);
  });

  it('follows *_ref and *_refs into the observation objects (checklist S159)', () => {
    const obs = at(NOW, {
      'network-traffic--1': { type: 'network-traffic', dst_ref: 'ipv4-addr--1', protocols: ['ipv4', 'tcp'] },
      'ipv4-addr--1': { type: 'ipv4-addr', value: '203.0.113.33' },
      'domain-name--1': {
        type: 'domain-name',
        value: 'x.example',
        resolves_to_refs: ['ipv4-addr--1', 'ipv4-addr--9'],
      },
    });
    expect(m("[network-traffic:dst_ref.value = '203.0.113.33']", obs)).toBe(true);
    expect(
      m("[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:protocols[1] = 'tcp']", obs),
    ).toBe(true);
    expect(m("[domain-name:resolves_to_refs[*].value = '203.0.113.33']", obs)).toBe(true);
    expect(m("[domain-name:resolves_to_refs[1].value = '203.0.113.33']", obs)).toBe(false);
    expect(m("[network-traffic:dst_ref = 'ipv4-addr--1']", obs)).toBe(true);
  });

  it('requires every test of one observation expression to hold on the same object (checklist S147)', () => {
    const obs = at(NOW, { a: { type: 'file', name: 'a' }, b: { type: 'file', size: 5 } });
    expect(m("[file:name = 'a' AND file:size = 5]", obs)).toBe(false);
    expect(m("[file:name = 'a' OR file:size = 5]", obs)).toBe(true);
  });

  it('never matches an invalid MATCHES expression (checklist S149)', () => {
    expect(m("[file:name MATCHES '(?=inv)']", file)).toBe(false);
  });

  it('runs MATCHES in linear time on a catastrophic-backtracking expression', () => {
    const start = performance.now();
    expect(m("[file:name MATCHES '^(a+)+$']", { type: 'file', name: `${'a'.repeat(5000)}!` })).toBe(false);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('throws TypeError for a bare SCO without options.now', () => {
    expect(() => matchPattern(parsePattern("[file:name = 'a']"), { type: 'file', name: 'a' })).toThrow(
      TypeError,
    );
  });
});

describe('matchPattern observation operators and qualifiers (STIX 2.1 §9.5)', () => {
  const ip1 = at('2024-01-01T00:00:00Z', { '0': { type: 'ipv4-addr', value: '10.0.0.1' } });
  const dom = at('2024-01-01T00:01:00Z', { '0': { type: 'domain-name', value: 'x.example' } });
  const ip1late = at('2024-01-01T01:00:00Z', { '0': { type: 'ipv4-addr', value: '10.0.0.1' } });
  const A = "[ipv4-addr:value = '10.0.0.1']";
  const D = "[domain-name:value = 'x.example']";

  it.each([
    [`${A} AND ${D}`, [ip1, dom], true],
    [`${A} AND ${D}`, [ip1], false],
    [`${A} AND ${A}`, [ip1], false],
    [`${A} AND ${A}`, [ip1, ip1late], true],
    [`${A} OR ${D}`, [dom], true],
    [`${A} FOLLOWEDBY ${D}`, [ip1, dom], true],
    [`${D} FOLLOWEDBY ${A}`, [ip1, dom], false],
    [`${D} FOLLOWEDBY ${A}`, [ip1, dom, ip1late], true],
    [`(${A} AND ${D}) WITHIN 60 SECONDS`, [ip1, dom], true],
    [`(${A} AND ${D}) WITHIN 59 SECONDS`, [ip1, dom], false],
    [`(${D} FOLLOWEDBY ${A}) WITHIN 3600 SECONDS`, [ip1, dom, ip1late], true],
    [`(${D} FOLLOWEDBY ${A}) WITHIN 600 SECONDS`, [ip1, dom, ip1late], false],
    [`${A} REPEATS 2 TIMES`, [ip1, ip1late], true],
    [`${A} REPEATS 3 TIMES`, [ip1, ip1late], false],
    [`${A} REPEATS 2 TIMES WITHIN 60 SECONDS`, [ip1, ip1late], false],
    [`${A} START t'2024-01-01T00:00:00Z' STOP t'2024-01-01T00:30:00Z'`, [ip1], true],
    [`${A} START t'2024-01-01T00:00:01Z' STOP t'2024-01-01T00:30:00Z'`, [ip1], false],
    [`${A} START t'2023-12-31T00:00:00Z' STOP t'2024-01-01T00:00:00Z'`, [ip1], false],
    [`${A} START t'2024-01-01T00:30:00Z' STOP t'2024-01-01T00:00:00Z'`, [ip1], false],
    [`${A} FOLLOWEDBY ${D} REPEATS 2 TIMES`, [ip1, dom], false],
  ])('%s over %# → %s (checklist S150–S154)', (pattern, observations, expected) => {
    expect(m(pattern, observations)).toBe(expected);
  });

  it('counts numberObserved instances for REPEATS (checklist S152, as the OASIS matcher does)', () => {
    const five = at('2024-01-01T00:00:00Z', { '0': { type: 'ipv4-addr', value: '10.0.0.1' } }, 5);
    expect(m(`${A} REPEATS 5 TIMES`, five)).toBe(true);
    expect(m(`${A} REPEATS 6 TIMES`, five)).toBe(false);
  });

  it('reads an observation interval: WITHIN holds when some instants fit the window', () => {
    const long: Observation = {
      firstObserved: '2024-01-01T00:00:00Z',
      lastObserved: '2024-01-01T02:00:00Z',
      objects: { '0': { type: 'ipv4-addr', value: '10.0.0.1' } },
    };
    const later = at('2024-01-01T01:59:30Z', { '0': { type: 'domain-name', value: 'x.example' } });
    expect(m(`(${A} AND ${D}) WITHIN 60 SECONDS`, [long, later])).toBe(true);
  });
});
