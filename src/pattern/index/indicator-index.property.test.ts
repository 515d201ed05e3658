import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PatternAst } from '../ast.js';
import { matchPattern } from '../match/match-pattern.js';
import type { ObservationInput } from '../match/observation-input.js';
import { tryParsePattern } from '../parse-pattern.js';
import { createIndicatorIndex, type IndicatorIndex } from './indicator-index.js';

// Issue 4: the index must return exactly what evaluating every pattern in full returns. Values
// come from small pools so that random indicators and observations hit each other often.
const NOW = '2024-01-01T00:00:00Z';
const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const IPV4 = ['10.0.0.1', '10.0.0.2', '10.1.2.3', '192.0.2.1', '198.51.100.7', '010.0.0.1'];
const CIDR4 = ['10.0.0.0/8', '10.0.0.0/24', '192.0.2.0/24', '0.0.0.0/0', '10.0.0.1/32', '10.0.0.0/16'];
const IPV6 = ['2001:db8::1', '2001:db8::2', '2001:db9::1'];
const CIDR6 = ['2001:db8::/32', '2001:db8::/64', '2001:db8::1/128'];
// One pool for every string-valued path, so equal values sit under several paths.
const STRINGS = [
  'a.example',
  'evil.example',
  'e\u0301vil.example',
  '\u00e9vil.example',
  'aa',
  'x.exe',
  '1',
  '',
];
const DOMAINS = STRINGS;
const URLS = [...STRINGS, 'https://evil.example/payload.bin', 'HTTP://EVIL.EXAMPLE/'];
const HASHES = STRINGS;
const NUMBERS = [0, 1, 80, 443, 500];
const REGEXES = [
  '^https?://[^/]*evil\\.example/',
  'payload\\.bin$',
  'evil',
  '^evil',
  'evil$',
  '(?i)EVIL',
  '\u00e9vil',
  'exam+ple',
  '[ab]\\.example',
  '\\d+\\.\\d+',
  '(',
  '',
];

const S = (values: readonly string[]) => fc.constantFrom(...values).map(quote);
const N = fc.constantFrom(...NUMBERS).map(String);
const test = fc.oneof(
  fc.tuple(fc.constantFrom('=', '!=', 'LIKE'), S(IPV4)).map(([o, v]) => `ipv4-addr:value ${o} ${v}`),
  fc
    .tuple(fc.constantFrom('ISSUBSET', 'ISSUPERSET'), S([...CIDR4, ...IPV4]))
    .map(([o, v]) => `ipv4-addr:value ${o} ${v}`),
  fc
    .tuple(fc.constantFrom('=', 'ISSUBSET'), S([...IPV6, ...CIDR6]))
    .map(([o, v]) => `ipv6-addr:value ${o} ${v}`),
  fc
    .tuple(fc.constantFrom('=', '!=', '>', 'MATCHES', 'LIKE'), S(DOMAINS))
    .map(([o, v]) => `domain-name:value ${o} ${v}`),
  fc.array(S(DOMAINS), { minLength: 1, maxLength: 3 }).map((vs) => `domain-name:value IN (${vs.join(', ')})`),
  S(IPV4).map((v) => `domain-name:resolves_to_refs[*].value = ${v}`),
  fc.tuple(fc.constantFrom('=', 'MATCHES'), S(URLS)).map(([o, v]) => `url:value ${o} ${v}`),
  S(REGEXES).map((v) => `url:value MATCHES ${v}`),
  S(REGEXES).map((v) => `domain-name:value MATCHES ${v}`),
  S(REGEXES).map((v) => `domain-name:value MATCHES ${v}`),
  fc.tuple(fc.constantFrom('MD5', "'SHA-256'"), S(HASHES)).map(([a, v]) => `file:hashes.${a} = ${v}`),
  fc.tuple(fc.constantFrom('=', '>=', '<', '!='), N).map(([o, v]) => `file:size ${o} ${v}`),
  fc
    .tuple(fc.constantFrom('=', 'IN'), N, N)
    .map(([o, a, b]) => `network-traffic:dst_port ${o === '=' ? `= ${a}` : `IN (${a}, ${b})`}`),
  fc.constantFrom('true', 'false').map((b) => `network-traffic:is_active = ${b}`),
  S(IPV4).map((v) => `network-traffic:dst_ref.value = ${v}`),
  fc.constantFrom('EXISTS file:name', "NOT file:name = 'x.exe'", "file:name = 'x.exe'", 'file:name = 1'),
);
const { comparison } = fc.letrec<{ comparison: string }>((tie) => ({
  comparison: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    test,
    fc
      .tuple(tie('comparison'), fc.constantFrom('AND', 'OR'), tie('comparison'))
      .map(([a, o, b]) => `(${a}) ${o} (${b})`),
  ),
}));
const observationExpr = comparison.map((c) => `[${c}]`);
const pattern = fc.oneof(
  { weight: 4, arbitrary: observationExpr },
  fc
    .tuple(observationExpr, fc.constantFrom('AND', 'OR', 'FOLLOWEDBY'), observationExpr)
    .map(([a, o, b]) => `${a} ${o} ${b}`),
  observationExpr.map((o) => `${o} WITHIN 60 SECONDS`),
  observationExpr.map((o) => `${o} REPEATS 2 TIMES`),
);
const ast = pattern.map(tryParsePattern).filter((a): a is PatternAst => a !== undefined);

const sco = fc.oneof(
  fc.constantFrom(...IPV4, ...CIDR4).map((value) => ({ type: 'ipv4-addr', value })),
  fc.constantFrom(...IPV6, ...CIDR6).map((value) => ({ type: 'ipv6-addr', value })),
  fc.constantFrom(...DOMAINS).map((value) => ({ type: 'domain-name', value })),
  fc.constantFrom(...URLS).map((value) => ({ type: 'url', value })),
  fc
    .record(
      {
        name: fc.constantFrom(...STRINGS),
        size: fc.constantFrom(...NUMBERS, '80'),
        MD5: fc.constantFrom(...HASHES),
      },
      { requiredKeys: [] },
    )
    .map(({ MD5, ...rest }) => ({
      type: 'file',
      ...rest,
      ...(MD5 === undefined ? {} : { hashes: { MD5 } }),
    })),
  fc
    .record({ dst_port: fc.constantFrom(...NUMBERS), is_active: fc.boolean() }, { requiredKeys: [] })
    .map((r) => ({ type: 'network-traffic', ...r })),
);
// An observation with references between its objects, or a bare SCO observed at NOW.
const observation = fc.oneof(
  sco,
  fc
    .tuple(sco, fc.constantFrom(...IPV4), fc.integer({ min: 0, max: 120 }), fc.integer({ min: 1, max: 3 }))
    .map(([o, ip, seconds, count]): ObservationInput => {
      const at = new Date(Date.parse(NOW) + seconds * 1000).toISOString();
      const root = {
        ...o,
        ...(o.type === 'domain-name' ? { resolves_to_refs: ['ip'] } : {}),
        ...(o.type === 'network-traffic' ? { dst_ref: 'ip' } : {}),
      };
      return {
        firstObserved: at,
        lastObserved: at,
        numberObserved: count,
        objects: { root, ip: { type: 'ipv4-addr', value: ip } },
      };
    }),
);
const input = fc.oneof(observation, fc.array(observation, { minLength: 1, maxLength: 3 }));

function bruteForce(
  held: ReadonlyMap<string, PatternAst>,
  obs: ObservationInput | ObservationInput[],
): string[] {
  return [...held]
    .filter(([, a]) => matchPattern(a, obs, { now: NOW }))
    .map(([id]) => id)
    .sort();
}

function expectSame(
  index: IndicatorIndex<unknown>,
  held: ReadonlyMap<string, PatternAst>,
  inputs: readonly (ObservationInput | ObservationInput[])[],
) {
  expect(index.size).toBe(held.size);
  for (const obs of inputs) expect(index.match(obs, { now: NOW }).sort()).toEqual(bruteForce(held, obs));
}

describe('IndicatorIndex against the full matcher (issue 4, property-based)', () => {
  it('returns exactly the indicators whose patterns match, for random indicators and observations', () => {
    fc.assert(
      fc.property(
        fc.array(ast, { maxLength: 25 }),
        fc.array(input, { minLength: 1, maxLength: 8 }),
        (asts, inputs) => {
          const index = createIndicatorIndex();
          const held = new Map<string, PatternAst>();
          asts.forEach((a, i) => {
            index.add(`indicator--${i}`, NOW, a, undefined);
            held.set(`indicator--${i}`, a);
          });
          expectSame(index, held, inputs);
        },
      ),
      { numRuns: 600 },
    );
  });

  // Indicators arrive, are revised (a new version replaces the held one), revoked, or expire
  // (the caller removes what is past valid_until when its clock moves).
  const op = fc.oneof(
    fc.record({
      kind: fc.constant('add' as const),
      id: fc.nat(12),
      ast,
      validFor: fc.integer({ min: 1, max: 5 }),
    }),
    fc.record({ kind: fc.constant('revoke' as const), id: fc.nat(12) }),
    fc.record({ kind: fc.constant('tick' as const) }),
  );

  it('stays exact through incremental add, revise, revoke and expire', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 60 }),
        fc.array(input, { minLength: 1, maxLength: 4 }),
        (ops, inputs) => {
          const index = createIndicatorIndex<{ until: number }>();
          const held = new Map<string, PatternAst>();
          const until = new Map<string, number>();
          let clock = 0;
          ops.forEach((o, step) => {
            const id = `indicator--${'id' in o ? o.id : 0}`;
            if (o.kind === 'add') {
              index.add(id, `v${step}`, o.ast, { until: clock + o.validFor });
              held.set(id, o.ast);
              until.set(id, clock + o.validFor);
              expect(index.get(id)).toEqual({ version: `v${step}`, meta: { until: clock + o.validFor } });
            } else if (o.kind === 'revoke') {
              expect(index.remove(id)).toBe(held.delete(id));
              expect(index.get(id)).toBeUndefined();
            } else {
              clock++;
              for (const [expired, t] of until)
                if (t <= clock && held.delete(expired)) expect(index.remove(expired)).toBe(true);
            }
            if (step % 10 === 9) expectSame(index, held, inputs);
          });
          expectSame(index, held, inputs);
        },
      ),
      { numRuns: 300 },
    );
  });
});
