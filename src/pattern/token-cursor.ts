import type { Token } from './lexer.js';
import { PatternSyntaxError } from './pattern-syntax-error.js';

/** Longest pattern text accepted, in UTF-16 code units (a guard against hostile input). */
export const MAX_PATTERN_LENGTH = 65_536;
/** Deepest nesting of `[`/`(` accepted; deeper input is refused rather than risking the stack. */
export const MAX_PATTERN_DEPTH = 64;

/** Source range of a node: `[offset, end)` in the pattern text. */
export interface Span {
  readonly offset: number;
  readonly end: number;
}

/** Token navigation, error reporting and node spans shared by the pattern parser's layers. */
export class TokenCursor {
  readonly spans = new WeakMap<object, Span>();
  protected pos = 0;
  protected depth = 0;

  constructor(
    protected readonly text: string,
    protected readonly tokens: readonly Token[],
  ) {}

  protected enter(): void {
    if (++this.depth > MAX_PATTERN_DEPTH) {
      const t = this.peek();
      throw new PatternSyntaxError(
        this.text,
        t.offset,
        [],
        '',
        `nesting deeper than ${MAX_PATTERN_DEPTH} levels`,
      );
    }
    this.pos++;
  }

  protected span<T extends object>(value: T, offset: number, end?: number): T {
    this.spans.set(value, { offset, end: end ?? this.tokens[this.pos - 1]?.end ?? offset });
    return value;
  }

  protected peek(): Token {
    return this.peekAt(0);
  }

  protected peekAt(ahead: number): Token {
    const last = this.tokens[this.tokens.length - 1] as Token;
    return this.tokens[this.pos + ahead] ?? last;
  }

  protected next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  protected isKeyword(word: string): boolean {
    const t = this.peek();
    return t.kind === 'keyword' && t.value === word;
  }

  protected isPunct(value: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.value === value;
  }

  protected expect(kind: Token['kind'], value: string | undefined, expected: readonly string[]): Token {
    const t = this.peek();
    if (t.kind !== kind || (value !== undefined && t.value !== value)) this.fail(expected);
    return this.next();
  }

  protected fail(expected: readonly string[], at: Token = this.peek()): never {
    throw new PatternSyntaxError(this.text, at.offset, expected, describeToken(this.text, at));
  }
}
function describeToken(text: string, t: Token): string {
  if (t.kind === 'eof') return 'end of pattern';
  const raw = text.slice(t.offset, t.end);
  return JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);
}
