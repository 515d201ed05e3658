import { PatternSyntaxError } from './pattern-syntax-error.js';

/** Token kinds of the STIX 2.1 pattern grammar (`STIXPattern.g4` lexer rules). */
export type TokenKind =
  | 'ident'
  | 'keyword'
  | 'string'
  | 'int'
  | 'float'
  | 'bool'
  | 'timestamp'
  | 'hex'
  | 'binary'
  | 'punct'
  | 'eof';

/** One token; `value` is the decoded content (string body, keyword, punctuation…). */
export interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  readonly offset: number;
  readonly end: number;
}

/** Upper-case, case-sensitive keywords (STIX 2.1 §9.3). */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'AND',
  'OR',
  'NOT',
  'FOLLOWEDBY',
  'LIKE',
  'MATCHES',
  'ISSUBSET',
  'ISSUPERSET',
  'EXISTS',
  'IN',
  'START',
  'STOP',
  'SECONDS',
  'WITHIN',
  'REPEATS',
  'TIMES',
]);

// Grammar TimestampLiteral: month 01-12, day 01-31, hour 00-23, minute 00-59, second 00-60.
const TIMESTAMP_RE =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z$/;
const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const PUNCT = ['<=', '>=', '==', '!=', '<>', '[', ']', '(', ')', ':', '.', ',', '*', '=', '<', '>'];

/**
 * Splits pattern text into tokens. Whitespace (any Unicode White_Space code point, STIX 2.1
 * §9.2) and the grammar's `/* … *\/` and `//` comments are skipped.
 *
 * @throws {PatternSyntaxError} on a character or literal that no token accepts.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (at: number, expected: readonly string[], found?: string): never => {
    throw new PatternSyntaxError(text, at, expected, found ?? describeChar(text, at));
  };
  while (true) {
    i = skipTrivia(text, i, fail);
    if (i >= text.length) break;
    const c = text[i] ?? '';
    const start = i;
    if (isIdentStart(c)) {
      if ((c === 't' || c === 'h' || c === 'b') && text[i + 1] === "'") {
        const { body, end } = readQuoted(text, i + 1, fail);
        // STIX 2.1 §9.2: line feeds inside a binary constant are accepted and ignored.
        const cleaned = c === 'b' ? body.replace(/[\r\n]/g, '') : body;
        tokens.push(typedLiteral(c, cleaned, start, end, fail));
        i = end;
        continue;
      }
      i++;
      while (i < text.length && isIdentPart(text[i] ?? '')) i++;
      const word = text.slice(start, i);
      const kind: TokenKind = KEYWORDS.has(word)
        ? 'keyword'
        : word === 'true' || word === 'false'
          ? 'bool'
          : 'ident';
      tokens.push({ kind, value: word, offset: start, end: i });
      continue;
    }
    if (c === "'") {
      const { body, end } = readQuoted(text, i, fail);
      tokens.push({ kind: 'string', value: body, offset: start, end });
      i = end;
      continue;
    }
    const num = readNumber(text, i, fail);
    if (num !== undefined) {
      tokens.push(num);
      i = num.end;
      continue;
    }
    const punct = PUNCT.find((p) => text.startsWith(p, i));
    if (punct === undefined) fail(i, []);
    else {
      tokens.push({ kind: 'punct', value: punct, offset: start, end: i + punct.length });
      i += punct.length;
    }
  }
  tokens.push({ kind: 'eof', value: '', offset: text.length, end: text.length });
  return tokens;
}

function skipTrivia(text: string, from: number, fail: (at: number, e: readonly string[]) => never): number {
  let i = from;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (isWhiteSpace(code)) i++;
    else if (code === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) fail(text.length, ['"*/"']);
      i = close + 2;
    } else if (code === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else break;
  }
  return i;
}

/** Unicode White_Space=yes code points. */
function isWhiteSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9') || c === '-';
}

// STIX 2.1 §9.2: inside quotes only \' and \\ are escapes; any other backslash is an error.
function readQuoted(
  text: string,
  quoteAt: number,
  fail: (at: number, e: readonly string[], found?: string) => never,
): { body: string; end: number } {
  let body = '';
  let i = quoteAt + 1;
  let runStart = i;
  while (true) {
    if (i >= text.length) return fail(text.length, ['"\'"'], 'end of pattern');
    const c = text[i];
    if (c === "'") return { body: body + text.slice(runStart, i), end: i + 1 };
    if (c === '\\') {
      const next = text[i + 1];
      if (next !== "'" && next !== '\\') fail(i, ['"\\\\\'"', '"\\\\\\\\"']);
      body += text.slice(runStart, i) + next;
      i += 2;
      runStart = i;
    } else i++;
  }
}

function typedLiteral(
  prefix: string,
  body: string,
  start: number,
  end: number,
  fail: (at: number, e: readonly string[], found?: string) => never,
): Token {
  const found = JSON.stringify(`${prefix}'${body}'`);
  if (prefix === 't') {
    if (!TIMESTAMP_RE.test(body)) fail(start, ["a timestamp t'YYYY-MM-DDTHH:MM:SS[.s+]Z'"], found);
    return { kind: 'timestamp', value: body, offset: start, end };
  }
  if (prefix === 'h') {
    if (!HEX_RE.test(body)) fail(start, ['an even number of hex digits'], found);
    return { kind: 'hex', value: body, offset: start, end };
  }
  if (!BASE64_RE.test(body)) fail(start, ['padded base64'], found);
  return { kind: 'binary', value: body, offset: start, end };
}

// Grammar: IntPos '+'?('0'|[1-9][0-9]*), IntNeg '-'(…), Float '[+-]'?[0-9]*'.'[0-9]+.
function readNumber(
  text: string,
  from: number,
  fail: (at: number, e: readonly string[], found?: string) => never,
): Token | undefined {
  let i = from;
  const sign = text[i];
  if (sign === '+' || sign === '-') i++;
  const digitsStart = i;
  while (isDigit(text[i])) i++;
  const intDigits = i - digitsStart;
  if (text[i] === '.' && isDigit(text[i + 1])) {
    i++;
    while (isDigit(text[i])) i++;
    const raw = text.slice(from, i);
    return { kind: 'float', value: raw, offset: from, end: i };
  }
  if (intDigits === 0) {
    if (sign === '+' || sign === '-') fail(from, ['a number']);
    return undefined;
  }
  if (intDigits > 1 && text[digitsStart] === '0') fail(digitsStart, ['a number without leading zeros']);
  return { kind: 'int', value: text.slice(from, i), offset: from, end: i };
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Quoted description of the character at `at` for error messages. */
export function describeChar(text: string, at: number): string {
  if (at >= text.length) return 'end of pattern';
  const cp = text.codePointAt(at) ?? 0;
  return JSON.stringify(String.fromCodePoint(cp));
}
