import {
  type ComparisonExpression,
  type ComparisonOperator,
  node,
  type ObservationOperator,
  type PatternAst,
  type PatternExpression,
} from './ast.js';
import { tokenize } from './lexer.js';
import { TermParser } from './parse-terms.js';
import { PatternSyntaxError } from './pattern-syntax-error.js';
import { MAX_PATTERN_LENGTH, type Span } from './token-cursor.js';

export { MAX_PATTERN_DEPTH, MAX_PATTERN_LENGTH, type Span } from './token-cursor.js';

/** A parse with the source range of every node (for validation messages). */
export interface DetailedParse {
  readonly ast: PatternAst;
  readonly spans: WeakMap<object, Span>;
}

/**
 * Parses a STIX 2.1 pattern (STIX 2.1 §9, grammar `STIXPattern.g4`).
 *
 * @example
 * ```ts
 * const ast = parsePattern("[ipv4-addr:value = '198.51.100.1']");
 * ast.kind; // 'observation'
 * ```
 * @throws {PatternSyntaxError} when `text` is not a pattern, is longer than
 *   {@link MAX_PATTERN_LENGTH} or nests deeper than {@link MAX_PATTERN_DEPTH}.
 */
export function parsePattern(text: string): PatternAst {
  return parsePatternDetailed(text).ast;
}

/** Like {@link parsePattern} but returns `undefined` instead of throwing. */
export function tryParsePattern(text: string): PatternAst | undefined {
  try {
    return parsePattern(text);
  } catch (error) {
    if (error instanceof PatternSyntaxError) return undefined;
    throw error;
  }
}

/** Parses and also returns node source ranges. @throws {PatternSyntaxError} */
export function parsePatternDetailed(text: string): DetailedParse {
  if (text.length > MAX_PATTERN_LENGTH) {
    throw new PatternSyntaxError(
      text,
      MAX_PATTERN_LENGTH,
      [],
      '',
      `pattern longer than ${MAX_PATTERN_LENGTH} characters`,
    );
  }
  const parser = new Parser(text, tokenize(text));
  const ast = parser.parseRoot();
  return { ast, spans: parser.spans };
}

const COMPARISON_OPS: Readonly<Record<string, ComparisonOperator>> = {
  '=': '=',
  '==': '=',
  '!=': '!=',
  '<>': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  IN: 'IN',
  LIKE: 'LIKE',
  MATCHES: 'MATCHES',
  ISSUBSET: 'ISSUBSET',
  ISSUPERSET: 'ISSUPERSET',
};

const OPERATOR_EXPECTED = [
  '"="',
  '"!="',
  '"<"',
  '"<="',
  '">"',
  '">="',
  '"IN"',
  '"LIKE"',
  '"MATCHES"',
  '"ISSUBSET"',
  '"ISSUPERSET"',
];

/** The expression layers of the grammar: observation operators, qualifiers, boolean tests. */
class Parser extends TermParser {
  parseRoot(): PatternAst {
    const ast = this.parseObservationLevel(0);
    this.expect('eof', undefined, ['"AND"', '"OR"', '"FOLLOWEDBY"', 'a qualifier', 'end of pattern']);
    return ast;
  }

  // STIX 2.1 §9.5: precedence (high→low) AND, OR, FOLLOWEDBY; all left-associative.
  private parseObservationLevel(level: 0 | 1 | 2): PatternExpression {
    const operator: ObservationOperator = level === 0 ? 'FOLLOWEDBY' : level === 1 ? 'OR' : 'AND';
    const start = this.peek().offset;
    const first = level === 2 ? this.parseQualified() : this.parseObservationLevel((level + 1) as 1 | 2);
    if (!this.isKeyword(operator)) return first;
    const operands: PatternExpression[] = [];
    const push = (e: PatternExpression) => {
      if (e.kind === 'observation-operator' && e.operator === operator) operands.push(...e.operands);
      else operands.push(e);
    };
    push(first);
    while (this.isKeyword(operator)) {
      this.pos++;
      push(level === 2 ? this.parseQualified() : this.parseObservationLevel((level + 1) as 1 | 2));
    }
    return this.span(
      node({ kind: 'observation-operator', operator, operands: Object.freeze(operands) }),
      start,
    );
  }

  private parseQualified(): PatternExpression {
    const start = this.peek().offset;
    let expression = this.parseObservationPrimary();
    while (this.isKeyword('WITHIN') || this.isKeyword('REPEATS') || this.isKeyword('START')) {
      const qualifier = this.parseQualifier();
      expression = this.span(node({ kind: 'qualified', expression, qualifier }), start);
    }
    return expression;
  }

  private parseObservationPrimary(): PatternExpression {
    const t = this.peek();
    if (this.isPunct('[')) {
      this.enter();
      const comparison = this.parseComparisonOr();
      this.expect('punct', ']', ['"]"', '"AND"', '"OR"']);
      this.depth--;
      return this.span(node({ kind: 'observation', comparison }), t.offset);
    }
    if (this.isPunct('(')) {
      this.enter();
      const inner = this.parseObservationLevel(0);
      this.expect('punct', ')', ['")"', '"AND"', '"OR"', '"FOLLOWEDBY"', 'a qualifier']);
      this.depth--;
      return inner;
    }
    return this.fail(['"["', '"("']);
  }

  // STIX 2.1 §9.6: inside brackets AND binds tighter than OR.
  private parseComparisonOr(): ComparisonExpression {
    return this.parseBoolean('OR', () => this.parseComparisonAnd());
  }

  private parseComparisonAnd(): ComparisonExpression {
    return this.parseBoolean('AND', () => this.parseComparisonPrimary());
  }

  private parseBoolean(word: 'AND' | 'OR', operand: () => ComparisonExpression): ComparisonExpression {
    const start = this.peek().offset;
    const first = operand();
    if (!this.isKeyword(word)) return first;
    const kind = word === 'AND' ? 'and' : 'or';
    const operands: ComparisonExpression[] = [];
    const push = (e: ComparisonExpression) => {
      if (e.kind === kind) operands.push(...e.operands);
      else operands.push(e);
    };
    push(first);
    while (this.isKeyword(word)) {
      this.pos++;
      push(operand());
    }
    return this.span(node({ kind, operands: Object.freeze(operands) }), start);
  }

  private parseComparisonPrimary(): ComparisonExpression {
    const t = this.peek();
    if (this.isPunct('(')) {
      this.enter();
      const inner = this.parseComparisonOr();
      this.expect('punct', ')', ['")"', '"AND"', '"OR"']);
      this.depth--;
      return inner;
    }
    if (this.isKeyword('EXISTS') || (this.isKeyword('NOT') && this.peekAt(1).value === 'EXISTS')) {
      const negated = this.next().value === 'NOT';
      if (negated) this.pos++;
      const path = this.parsePath();
      return this.span(node({ kind: 'exists', path, negated }), t.offset);
    }
    if (t.kind !== 'ident') return this.fail(['an object type', '"("', '"EXISTS"']);
    const path = this.parsePath();
    const negated = this.isKeyword('NOT');
    if (negated) this.pos++;
    const opToken = this.peek();
    const operator = COMPARISON_OPS[opToken.value];
    if (operator === undefined || (opToken.kind !== 'punct' && opToken.kind !== 'keyword')) {
      return this.fail(OPERATOR_EXPECTED);
    }
    this.pos++;
    const value = this.parseOperand(operator);
    return this.span(node({ kind: 'comparison', path, operator, negated, value }), t.offset);
  }
}
