/**
 * A STIX pattern that does not follow the STIX 2.1 §9 grammar.
 *
 * `offset` is a 0-based UTF-16 index into the pattern text; `line` and `column` are 1-based.
 * `expected` lists what the parser would have accepted at that position (human-readable,
 * quoted tokens such as `"]"` or descriptions such as `a string literal`).
 */
export class PatternSyntaxError extends SyntaxError {
  override readonly name = 'PatternSyntaxError';
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly expected: readonly string[];
  /** The text found at `offset`, or `end of pattern`. */
  readonly found: string;

  /**
   * @param text the whole pattern, to compute line and column
   * @param reason replaces the "expected …" wording (used for limits such as nesting depth)
   */
  constructor(text: string, offset: number, expected: readonly string[], found: string, reason?: string) {
    const { line, column } = lineAndColumn(text, offset);
    const what =
      reason ??
      (expected.length > 0 ? `expected ${joinExpected(expected)}, found ${found}` : `unexpected ${found}`);
    super(`Cannot parse pattern: ${what} at ${line}:${column}`);
    this.offset = offset;
    this.line = line;
    this.column = column;
    this.expected = Object.freeze([...expected]);
    this.found = found;
  }
}

/** True when `value` is a {@link PatternSyntaxError}. */
export function isPatternSyntaxError(value: unknown): value is PatternSyntaxError {
  return value instanceof PatternSyntaxError;
}

function joinExpected(expected: readonly string[]): string {
  if (expected.length === 1) return expected[0] ?? '';
  return `${expected.slice(0, -1).join(', ')} or ${expected[expected.length - 1]}`;
}

/** 1-based line and column of `offset`; CR, LF and CRLF all end a line. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
