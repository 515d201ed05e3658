import type {
  ComparisonOperator,
  IntLiteral,
  Literal,
  ObjectPath,
  PathStep,
  PrimitiveLiteral,
  Qualifier,
  TimestampLiteral,
} from './ast.js';
import { node } from './ast.js';
import type { Token } from './lexer.js';
import { TokenCursor } from './token-cursor.js';

/** The terminal parts of the grammar: literals, object paths and qualifiers (STIX 2.1 §9.2, §9.5.1, §9.7). */
export class TermParser extends TokenCursor {
  // STIX 2.1 §9.5.1 qualifiers.
  protected parseQualifier(): Qualifier {
    const start = this.peek().offset;
    const word = this.next().value;
    if (word === 'WITHIN') {
      const t = this.peek();
      if ((t.kind !== 'int' && t.kind !== 'float') || t.value.startsWith('-')) {
        this.fail(['a positive number']);
      }
      const seconds = this.numberLiteral(this.next());
      this.expect('keyword', 'SECONDS', ['"SECONDS"']);
      return this.span(node({ kind: 'within', seconds }), start);
    }
    if (word === 'REPEATS') {
      const t = this.peek();
      if (t.kind !== 'int' || t.value.startsWith('-')) this.fail(['a positive integer']);
      const times = this.numberLiteral(this.next()) as IntLiteral;
      this.expect('keyword', 'TIMES', ['"TIMES"']);
      return this.span(node({ kind: 'repeats', times }), start);
    }
    const startTs = this.timestamp();
    this.expect('keyword', 'STOP', ['"STOP"']);
    const stop = this.timestamp();
    return this.span(node({ kind: 'start-stop', start: startTs, stop }), start);
  }

  protected timestamp(): TimestampLiteral {
    const t = this.peek();
    if (t.kind !== 'timestamp') this.fail(["a timestamp t'…'"]);
    this.pos++;
    return this.span(node({ kind: 'timestamp', value: t.value }), t.offset, t.end);
  }

  protected parseOperand(operator: ComparisonOperator): Literal {
    if (operator === 'IN') return this.parseSet();
    if (
      operator === 'LIKE' ||
      operator === 'MATCHES' ||
      operator === 'ISSUBSET' ||
      operator === 'ISSUPERSET'
    ) {
      if (this.peek().kind !== 'string') this.fail(['a string literal']);
      return this.primitive();
    }
    const orderable = operator !== '=' && operator !== '!=';
    if (orderable && this.peek().kind === 'bool') this.fail(['an orderable literal']);
    return this.primitive();
  }

  protected parseSet(): Literal {
    const start = this.peek().offset;
    this.expect('punct', '(', ['"("']);
    const values: PrimitiveLiteral[] = [];
    if (!this.isPunct(')')) {
      values.push(this.primitive());
      while (this.isPunct(',')) {
        this.pos++;
        values.push(this.primitive());
      }
    }
    this.expect('punct', ')', ['","', '")"']);
    return this.span(node({ kind: 'set', values: Object.freeze(values) }), start);
  }

  protected primitive(): PrimitiveLiteral {
    const t = this.peek();
    let lit: PrimitiveLiteral;
    switch (t.kind) {
      case 'string':
      case 'timestamp':
      case 'hex':
      case 'binary':
        lit = node({ kind: t.kind, value: t.value });
        break;
      case 'bool':
        lit = node({ kind: 'bool', value: t.value === 'true' });
        break;
      case 'int':
      case 'float':
        lit = this.numberLiteral(t);
        break;
      default:
        return this.fail(['a literal']);
    }
    this.pos++;
    return this.span(lit, t.offset, t.end);
  }

  protected numberLiteral(t: Token): IntLiteral | (PrimitiveLiteral & { kind: 'float' }) {
    const raw = t.value.startsWith('+') ? t.value.slice(1) : t.value;
    const lit = node({
      kind: t.kind === 'int' ? ('int' as const) : ('float' as const),
      value: Number(raw),
      raw,
    });
    return this.span(lit, t.offset, t.end);
  }

  // STIX 2.1 §9.7 object paths: type ':' first (identifier | string) then '.x' / '[n]' / '[*]'.
  protected parsePath(): ObjectPath {
    const t = this.next();
    if (t.kind !== 'ident') return this.fail(['an object type'], t);
    this.expect('punct', ':', ['":"']);
    const steps: PathStep[] = [this.propertyStep()];
    while (this.isPunct('.') || this.isPunct('[')) {
      if (this.next().value === '.') {
        steps.push(this.propertyStep());
        continue;
      }
      const idx = this.next();
      if (idx.kind === 'punct' && idx.value === '*') steps.push(node({ kind: 'any-index' }));
      else if (idx.kind === 'int') steps.push(node({ kind: 'index', index: Number(idx.value) }));
      else this.fail(['an integer', '"*"'], idx);
      this.expect('punct', ']', ['"]"']);
    }
    return this.span(node({ kind: 'path', objectType: t.value, steps: Object.freeze(steps) }), t.offset);
  }

  protected propertyStep(): PathStep {
    const t = this.next();
    // Grammar: unquoted path parts are IdentifierWithoutHyphen; names with '-' must be quoted.
    if (t.kind === 'string' || (t.kind === 'ident' && !t.value.includes('-'))) {
      return node({ kind: 'property', name: t.value });
    }
    return this.fail(['a property name (quote names containing "-")'], t);
  }
}
