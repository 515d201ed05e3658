import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPattern } from './format-pattern.js';
import { parsePattern } from './parse-pattern.js';
import { PatternSyntaxError } from './pattern-syntax-error.js';

// Random patterns generated from the STIX 2.1 §9 grammar (checklist 18.6), as text with
// arbitrary spacing and parentheses.
const ws = fc.constantFrom(' ', '  ', '\n', '\t', ' /* c */ ');
const ident = fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/).filter((s) => !['true', 'false'].includes(s));
const objectType = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/);
const quoted = fc.string({ maxLength: 8 }).map((s) => `'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`);
const step = fc.oneof(
  ident.map((s) => `.${s}`),
  quoted.map((s) => `.${s}`),
  fc.nat(20).map((n) => `[${n}]`),
  fc.constant('[*]'),
);
const path = fc
  .tuple(objectType, fc.oneof(ident, quoted), fc.array(step, { maxLength: 3 }))
  .map(([t, f, s]) => `${t}:${f}${s.join('')}`);
const timestamp = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => `t'${d.toISOString()}'`);
const literal = fc.oneof(
  quoted,
  fc.integer({ min: -1e9, max: 1e9 }).map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((d) => d.toFixed(3)),
  fc.constantFrom('true', 'false'),
  timestamp,
  fc.uint8Array({ maxLength: 6 }).map((b) => `h'${Buffer.from(b).toString('hex')}'`),
  fc.uint8Array({ maxLength: 6 }).map((b) => `b'${Buffer.from(b).toString('base64')}'`),
);
const test = fc.oneof(
  fc.tuple(path, fc.constantFrom('=', '!=', '==', '<>'), literal).map(([p, o, l]) => `${p} ${o} ${l}`),
  fc
    .tuple(path, fc.constantFrom('<', '<=', '>', '>='), literal)
    .filter(([, , l]) => l !== 'true' && l !== 'false')
    .map(([p, o, l]) => `${p} ${o} ${l}`),
  fc
    .tuple(path, fc.constantFrom('LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET', 'NOT LIKE'), quoted)
    .map(([p, o, l]) => `${p} ${o} ${l}`),
  fc.tuple(path, fc.array(literal, { maxLength: 3 })).map(([p, ls]) => `${p} IN (${ls.join(', ')})`),
  path.map((p) => `EXISTS ${p}`),
);
const { comparison } = fc.letrec<{ comparison: string }>((tie) => ({
  comparison: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    test,
    fc
      .tuple(tie('comparison'), fc.constantFrom('AND', 'OR'), tie('comparison'))
      .map(([a, o, b]) => `${a} ${o} ${b}`),
    tie('comparison').map((c) => `(${c})`),
  ),
}));
const qualifier = fc.oneof(
  fc.integer({ min: 1, max: 9999 }).map((n) => `WITHIN ${n} SECONDS`),
  fc.integer({ min: 1, max: 99 }).map((n) => `REPEATS ${n} TIMES`),
  fc.tuple(timestamp, timestamp).map(([a, b]) => `START ${a} STOP ${b}`),
);
const { pattern } = fc.letrec<{ pattern: string }>((tie) => ({
  pattern: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison.map((c) => `[${c}]`),
    fc
      .tuple(tie('pattern'), fc.constantFrom('AND', 'OR', 'FOLLOWEDBY'), tie('pattern'))
      .map(([a, o, b]) => `${a} ${o} ${b}`),
    fc.tuple(tie('pattern'), qualifier).map(([p, q]) => `(${p}) ${q}`),
    tie('pattern').map((p) => `(${p})`),
  ),
}));
const spaced = fc.tuple(pattern, ws, ws).map(([p, a, b]) => `${a}${p}${b}`);

describe('pattern grammar properties (issue 4 property-based tests)', () => {
  it('random grammar patterns parse, format and reparse to the same tree', () => {
    fc.assert(
      fc.property(spaced, (text) => {
        const ast = parsePattern(text);
        const formatted = formatPattern(ast);
        expect(parsePattern(formatted)).toEqual(ast);
        expect(formatPattern(parsePattern(formatted))).toBe(formatted);
      }),
      { numRuns: 500 },
    );
  });

  it('the parser throws nothing but PatternSyntaxError on random strings, and returns quickly', () => {
    const noise = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc
        .array(
          fc.constantFrom(
            '[',
            ']',
            '(',
            ')',
            "'",
            'a:b',
            ' = ',
            '1',
            'AND',
            'OR',
            'NOT',
            'WITHIN',
            "t'",
            "h'",
            '\\',
            '.',
            '*',
            ',',
          ),
          { maxLength: 60 },
        )
        .map((a) => a.join('')),
      spaced.chain((p) => fc.nat(p.length).map((n) => p.slice(0, n))),
    );
    fc.assert(
      fc.property(noise, (text) => {
        const start = performance.now();
        try {
          parsePattern(text);
        } catch (error) {
          expect(error).toBeInstanceOf(PatternSyntaxError);
          const e = error as PatternSyntaxError;
          expect(e.offset).toBeGreaterThanOrEqual(0);
          expect(e.offset).toBeLessThanOrEqual(text.length);
        }
        expect(performance.now() - start).toBeLessThan(250);
      }),
      { numRuns: 2000 },
    );
  });
});
