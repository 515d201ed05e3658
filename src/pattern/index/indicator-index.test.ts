import { describe, expect, it } from 'vitest';
import { matchPattern } from '../match/match-pattern.js';
import { parsePattern } from '../parse-pattern.js';
import { createIndicatorIndex } from './indicator-index.js';

const NOW = '2024-01-01T00:00:00Z';

const PATTERNS: Record<string, string> = {
  ip: "[ipv4-addr:value = '198.51.100.7']",
  cidr: "[ipv4-addr:value ISSUBSET '198.51.100.0/24']",
  cidr8: "[ipv4-addr:value ISSUBSET '10.0.0.0/8']",
  v6: "[ipv6-addr:value ISSUBSET '2001:db8::/32']",
  v6eq: "[ipv6-addr:value = '2001:db8::1']",
  dom: "[domain-name:value = 'evil.example']",
  domIn: "[domain-name:value IN ('a.example', 'b.example')]",
  hash: "[file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f' OR file:hashes.'SHA-256' = 'aa']",
  compound: "[file:name = 'x.exe' AND file:size > 100]",
  url: "[url:value MATCHES '^https?://[^/]*evil\\\\.example/']",
  like: "[url:value LIKE '%/payload.bin']",
  neg: "[domain-name:value != 'good.example']",
  twoObs: "[domain-name:value = 'evil.example'] AND [ipv4-addr:value = '198.51.100.7']",
  ref: "[domain-name:resolves_to_refs[*].value = '203.0.113.9']",
};

const SCOS: readonly Record<string, unknown>[] = [
  { type: 'ipv4-addr', value: '198.51.100.7' },
  { type: 'ipv4-addr', value: '198.51.100.200' },
  { type: 'ipv4-addr', value: '10.1.2.3' },
  { type: 'ipv4-addr', value: '10.0.0.0/16' },
  { type: 'ipv4-addr', value: '11.0.0.1' },
  { type: 'ipv6-addr', value: '2001:db8::1' },
  { type: 'ipv6-addr', value: '2001:db9::1' },
  { type: 'domain-name', value: 'evil.example' },
  { type: 'domain-name', value: 'b.example' },
  { type: 'domain-name', value: 'good.example' },
  { type: 'file', hashes: { 'SHA-256': 'aa' } },
  { type: 'file', name: 'x.exe', size: 500 },
  { type: 'file', name: 'x.exe', size: 5 },
  { type: 'url', value: 'https://www.evil.example/a' },
  { type: 'url', value: 'http://ok.example/payload.bin' },
];

function buildIndex() {
  const index = createIndicatorIndex<{ name: string }>();
  for (const [id, text] of Object.entries(PATTERNS)) index.add(id, NOW, parsePattern(text), { name: id });
  return index;
}

describe('IndicatorIndex (issue 4 index: hash maps, prefix maps, residual)', () => {
  it.each(SCOS.map((s) => [JSON.stringify(s), s] as const))(
    'matches %s exactly as the full matcher does',
    (_, sco) => {
      const index = buildIndex();
      const expected = Object.entries(PATTERNS)
        .filter(([, text]) => matchPattern(parsePattern(text), sco, { now: NOW }))
        .map(([id]) => id)
        .sort();
      expect(index.match(sco, { now: NOW }).sort()).toEqual(expected);
    },
  );

  it('matches patterns over several observations and follows references', () => {
    const index = buildIndex();
    const obs = [
      {
        firstObserved: NOW,
        lastObserved: NOW,
        objects: {
          a: { type: 'domain-name', value: 'evil.example', resolves_to_refs: ['b'] },
          b: { type: 'ipv4-addr', value: '203.0.113.9' },
        },
      },
      { firstObserved: NOW, lastObserved: NOW, objects: { c: { type: 'ipv4-addr', value: '198.51.100.7' } } },
    ];
    expect(index.match(obs, { now: NOW }).sort()).toEqual(['cidr', 'dom', 'ip', 'neg', 'ref', 'twoObs']);
  });

  it('removes and replaces indicators incrementally', () => {
    const index = buildIndex();
    const sco = { type: 'ipv4-addr', value: '198.51.100.7' };
    expect(index.remove('ip')).toBe(true);
    expect(index.remove('ip')).toBe(false);
    expect(index.match(sco, { now: NOW }).sort()).toEqual(['cidr']);
    index.add('cidr', '2024-02-01T00:00:00Z', parsePattern("[ipv4-addr:value ISSUBSET '192.0.2.0/24']"), {
      name: 'v2',
    });
    expect(index.match(sco, { now: NOW })).toEqual([]);
    expect(index.get('cidr')).toEqual({ version: '2024-02-01T00:00:00Z', meta: { name: 'v2' } });
    for (const id of Object.keys(PATTERNS)) index.remove(id);
    expect(index.size).toBe(0);
    expect(index.match({ type: 'url', value: 'https://www.evil.example/a' }, { now: NOW })).toEqual([]);
  });

  it('reports each indicator once even when several of its keys are hit', () => {
    const index = createIndicatorIndex();
    index.add(
      'i',
      NOW,
      parsePattern("[ipv4-addr:value = '10.0.0.1' OR ipv4-addr:value ISSUBSET '10.0.0.0/8']"),
      undefined,
    );
    expect(index.match({ type: 'ipv4-addr', value: '10.0.0.1' }, { now: NOW })).toEqual(['i']);
  });
});
