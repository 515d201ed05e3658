import { describe, expect, it } from 'vitest';
import { inspectPattern } from './inspect-pattern.js';
import { parsePattern } from './parse-pattern.js';

describe('inspectPattern', () => {
  it('lists types, paths and equality terms of a compound pattern', () => {
    const info = inspectPattern(
      parsePattern(
        "[file:hashes.'SHA-256' = 'aa' OR file:name IN ('a', 'b')] AND [ipv4-addr:value ISSUBSET '10.0.0.0/8' AND ipv4-addr:value != '10.0.0.1'] WITHIN 5 SECONDS",
      ),
    );
    expect(info.objectTypes).toEqual(['file', 'ipv4-addr']);
    expect(info.paths.map((p) => [p.path, p.operators])).toEqual([
      ["file:hashes.'SHA-256'", ['=']],
      ['file:name', ['IN']],
      ['ipv4-addr:value', ['ISSUBSET', '!=']],
    ]);
    expect(info.equalityTerms.map((t) => [t.path, t.value])).toEqual([
      ["file:hashes.'SHA-256'", { kind: 'string', value: 'aa' }],
      ['file:name', { kind: 'string', value: 'a' }],
      ['file:name', { kind: 'string', value: 'b' }],
    ]);
    expect(info.observationCount).toBe(2);
    expect(info.observationOperators).toEqual(['AND']);
    expect(info.qualifiers).toEqual(['within']);
    expect(info.isEqualityDisjunction).toBe(false);
  });

  it.each([
    ["[domain-name:value = 'a'] OR [url:value IN ('b', 'c')]", true],
    ["[domain-name:value = 'a' AND domain-name:value = 'b']", false],
    ["[domain-name:value NOT = 'a']", false],
    ["[domain-name:value = 'a'] REPEATS 2 TIMES", false],
  ])('says whether %s is a plain equality disjunction (blocklist-ready)', (text, expected) => {
    expect(inspectPattern(parsePattern(text)).isEqualityDisjunction).toBe(expected);
  });
});
