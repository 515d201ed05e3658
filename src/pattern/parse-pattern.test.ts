import { describe, expect, it } from 'vitest';
import { objectPath } from './ast.js';
import { MAX_PATTERN_DEPTH, MAX_PATTERN_LENGTH, parsePattern, tryParsePattern } from './parse-pattern.js';
import { PatternSyntaxError } from './pattern-syntax-error.js';

describe('parsePattern', () => {
  it('builds a frozen observation with a quoted path part (checklist S156)', () => {
    const ast = parsePattern("[file:hashes.'SHA-256' = 'abc']");
    expect(ast).toEqual({
      kind: 'observation',
      comparison: {
        kind: 'comparison',
        path: objectPath('file', 'hashes', 'SHA-256'),
        operator: '=',
        negated: false,
        value: { kind: 'string', value: 'abc' },
      },
    });
    expect(Object.isFrozen(ast)).toBe(true);
  });

  it.each([
    ['[a:b = 1 OR a:c = 2 AND a:d = 3]', 'or'],
    ['[(a:b = 1 OR a:c = 2) AND a:d = 3]', 'and'],
  ])('gives AND precedence over OR inside brackets (checklist S151): %s', (text, kind) => {
    const ast = parsePattern(text);
    expect(ast.kind === 'observation' && ast.comparison.kind).toBe(kind);
  });

  it.each([
    ['[a:b = 1] AND [a:c = 2] OR [a:d = 3]', 'OR'],
    ['[a:b = 1] OR [a:c = 2] FOLLOWEDBY [a:d = 3]', 'FOLLOWEDBY'],
    ['[a:b = 1] AND ([a:c = 2] OR [a:d = 3])', 'AND'],
  ])('orders observation operators AND > OR > FOLLOWEDBY (checklist S151): %s', (text, op) => {
    const ast = parsePattern(text);
    expect(ast.kind === 'observation-operator' && ast.operator).toBe(op);
  });

  it('binds a qualifier to the nearest observation only (checklist S151)', () => {
    const ast = parsePattern('[a:b = 1] FOLLOWEDBY [a:c = 2] REPEATS 5 TIMES');
    expect(ast.kind).toBe('observation-operator');
    if (ast.kind === 'observation-operator') expect(ast.operands[1]?.kind).toBe('qualified');
  });

  it.each([
    ["[a:b = 'it\\'s \\\\ ok']", { kind: 'string', value: "it's \\ ok" }],
    ['[a:b = -5]', { kind: 'int', value: -5, raw: '-5' }],
    ['[a:b = +5]', { kind: 'int', value: 5, raw: '5' }],
    ['[a:b = .5]', { kind: 'float', value: 0.5, raw: '.5' }],
    ['[a:b = -0.25]', { kind: 'float', value: -0.25, raw: '-0.25' }],
    ['[a:b = true]', { kind: 'bool', value: true }],
    ["[a:b = t'2016-06-01T00:00:00.123Z']", { kind: 'timestamp', value: '2016-06-01T00:00:00.123Z' }],
    ["[a:b = h'ffd8']", { kind: 'hex', value: 'ffd8' }],
    ["[a:b = b'AAEC\nAw==']", { kind: 'binary', value: 'AAECAw==' }],
  ])('reads the literal in %s (checklist 18.4)', (text, value) => {
    const ast = parsePattern(text);
    expect(
      ast.kind === 'observation' && ast.comparison.kind === 'comparison' && ast.comparison.value,
    ).toEqual(value);
  });

  it.each([
    ['[a:b == 1]', '='],
    ['[a:b <> 1]', '!='],
    ['[a:b NOT IN (1, 2)]', 'IN'],
  ])('normalises the operator of %s (checklist 18.3)', (text, op) => {
    const ast = parsePattern(text);
    expect(
      ast.kind === 'observation' && ast.comparison.kind === 'comparison' && ast.comparison.operator,
    ).toBe(op);
  });

  it('skips comments and any Unicode whitespace (checklist S145)', () => {
    expect(parsePattern('/* c */\u00a0[a:b\u2003=\r\n1] // end')).toEqual(parsePattern('[a:b = 1]'));
  });

  it.each([
    ['file:size = 1280', 1, 1, '"["'],
    ['[file:size = ]', 1, 14, 'a literal'],
    ['[file:hashes.MD5 = cead3f77]', 1, 20, 'a literal'],
    ['[file.size = 1280]', 1, 6, '":"'],
    ['[file:name MATCHES /.*/]', 1, 20, 'unexpected'],
    ["[a:b = 'x'] WITHIN ]", 1, 20, 'a positive number'],
    ["[a:b = 'x'] WITHIN 5 HOURS", 1, 22, '"SECONDS"'],
    ["[a:b = 'x'] WITHIN -5 SECONDS", 1, 20, 'a positive number'],
    ["[a:b = 'x'] REPEATS 1.5 TIMES", 1, 21, 'a positive integer'],
    ['[network-traffic:dst_ref.value ISSUBSET ]', 1, 41, 'a string literal'],
    ["[file:hashes.MD5 =? 'x']", 1, 19, 'unexpected'],
    ["[x:y == t'2457-73-22T32:81:84.1Z']", 1, 9, "a timestamp t'YYYY-MM-DDTHH:MM:SS[.s+]Z'"],
    ["[artifact:payload_bin = b'====']", 1, 25, 'padded base64'],
    ["[a:b = h'abc']", 1, 8, 'an even number of hex digits'],
    ['[foo:bar=1] within 2 seconds', 1, 13, 'end of pattern'],
    ["[file:hashes.SHA-256 = 'x']", 1, 14, 'a property name (quote names containing "-")'],
    ["[a:b = 'unterminated]", 1, 22, '"\'"'],
    ["[a:b = 'bad \\n escape']", 1, 13, '"\\\\\'"'],
    ['[a:b = 007]', 1, 8, 'a number without leading zeros'],
    ['[a:b > true]', 1, 8, 'an orderable literal'],
    ['[a:b = 1]\n AND', 2, 5, '"["'],
    ['', 1, 1, '"["'],
  ])('rejects %j at %i:%i expecting %s (checklist S149)', (text, line, column, expected) => {
    let error: unknown;
    try {
      parsePattern(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PatternSyntaxError);
    const e = error as PatternSyntaxError;
    expect([e.line, e.column]).toEqual([line, column]);
    if (expected === 'unexpected') expect(e.message).toMatch(/unexpected/);
    else expect(e.expected).toContain(expected);
    expect(e.message).toContain(`at ${line}:${column}`);
  });

  it('formats the error message as "Cannot parse pattern: expected … at line:column"', () => {
    expect(() => parsePattern('[a:b = 1')).toThrow(
      'Cannot parse pattern: expected "]", "AND" or "OR", found end of pattern at 1:9',
    );
  });

  it('refuses nesting deeper than the limit with a syntax error, not a stack overflow', () => {
    const deep = `${'('.repeat(100_000)}[a:b = 1]${')'.repeat(100_000)}`.slice(0, MAX_PATTERN_LENGTH);
    expect(() => parsePattern(deep)).toThrow(/nesting deeper than 64/);
    const ok = `${'('.repeat(MAX_PATTERN_DEPTH - 1)}[a:b = 1]${')'.repeat(MAX_PATTERN_DEPTH - 1)}`;
    expect(parsePattern(ok).kind).toBe('observation');
  });

  it('refuses patterns longer than the limit', () => {
    expect(() => parsePattern(`[a:b = '${'x'.repeat(MAX_PATTERN_LENGTH)}']`)).toThrow(/longer than 65536/);
  });

  it('tryParsePattern returns undefined instead of throwing', () => {
    expect(tryParsePattern('[a:b =')).toBeUndefined();
    expect(tryParsePattern('[a:b = 1]')?.kind).toBe('observation');
  });
});
