import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRegex } from '../match/regex-cache.js';
import { requiredLiterals } from './regex-literals.js';

describe('requiredLiterals (MATCHES pre-filter, STIX 2.1 §9.6.1)', () => {
  it.each([
    ['^https?://[^/]*evil\\.example/', ['http', '://', 'evil.example/']],
    ['payload\\.bin$', ['payload.bin']],
    ['abc+def', ['abc', 'def']],
    ['ab?cd', ['a', 'cd']],
    ['x{2}yz', ['yz']],
    ['a(bc)de', ['a', 'de']],
    ['\\x41BCD', ['BCD']],
    ['\\d+\\.\\d+', ['.']],
    ['[ab]cd\\pLxy', ['cd', 'xy']],
    ['a|bcd', []],
    ['(?i)evil', []],
    ['\\Qa.b\\E', []],
  ])('reads the literal runs of %s', (source, expected) => {
    expect(requiredLiterals(source)).toEqual(expected);
  });

  // The filter is only sound if every string the expression matches contains every run.
  const atom = fc.oneof(
    fc.constantFrom('a', 'b', 'c', '.', '\\.', '\\d', '[ab]', '[^a]', '\\x61', '\\141', '\\pL', '^', '$'),
    fc.constantFrom('(a|b)', '(?:ab)', '(ab)', '(?i)a', '\\Qa.\\E', 'a|b', '{', '}'),
  );
  const quantifier = fc.constantFrom('', '', '', '*', '+', '?', '{2}', '{1,}', '*?', '+?');
  const regex = fc
    .array(fc.tuple(atom, quantifier), { minLength: 1, maxLength: 6 })
    .map((parts) => parts.map(([a, q]) => a + q).join(''));
  const subject = fc
    .array(fc.constantFrom('a', 'b', 'c', '.', '1', 'A'), { maxLength: 10 })
    .map((cs) => cs.join(''));

  it('never returns a run that a matching string lacks (property)', () => {
    fc.assert(
      fc.property(regex, fc.array(subject, { minLength: 20, maxLength: 40 }), (source, subjects) => {
        const compiled = compileRegex(source);
        if (!compiled.ok) return;
        const runs = requiredLiterals(source);
        for (const s of subjects)
          if (compiled.regex.test(s)) for (const run of runs) expect(s).toContain(run);
      }),
      { numRuns: 500 },
    );
  });
});
