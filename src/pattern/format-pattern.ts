import type {
  ComparisonExpression,
  Literal,
  ObjectPath,
  PatternExpression,
  PrimitiveLiteral,
  Qualifier,
} from './ast.js';
import { KEYWORDS } from './lexer.js';

const IDENTIFIER_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const OBJECT_TYPE_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Formats a pattern tree as canonical text: single spaces, upper-case keywords, `=`/`!=`,
 * parentheses only where precedence needs them, path parts quoted only when they are not
 * plain identifiers. `parsePattern(formatPattern(ast))` is deep-equal to `ast` for every
 * tree `parsePattern` returns.
 *
 * @example
 * ```ts
 * formatPattern(parsePattern("[ file:size>=10 ]")); // "[file:size >= 10]"
 * ```
 * @throws {RangeError} when a hand-built tree holds an object type that cannot be written.
 */
export function formatPattern(ast: PatternExpression): string {
  return formatExpression(ast);
}

// STIX 2.1 §9.5: AND binds tighter than OR, OR tighter than FOLLOWEDBY.
const OBSERVATION_PRECEDENCE = { AND: 3, OR: 2, FOLLOWEDBY: 1 } as const;

function formatExpression(e: PatternExpression): string {
  switch (e.kind) {
    case 'observation':
      return `[${formatComparison(e.comparison)}]`;
    case 'qualified': {
      const inner = formatExpression(e.expression);
      const wrapped = e.expression.kind === 'observation-operator' ? `(${inner})` : inner;
      return `${wrapped} ${formatQualifier(e.qualifier)}`;
    }
    case 'observation-operator': {
      const mine = OBSERVATION_PRECEDENCE[e.operator];
      return e.operands
        .map((o) => {
          const text = formatExpression(o);
          const needsParens = o.kind === 'observation-operator' && OBSERVATION_PRECEDENCE[o.operator] <= mine;
          return needsParens ? `(${text})` : text;
        })
        .join(` ${e.operator} `);
    }
  }
}

function formatQualifier(q: Qualifier): string {
  switch (q.kind) {
    case 'within':
      return `WITHIN ${q.seconds.raw} SECONDS`;
    case 'repeats':
      return `REPEATS ${q.times.raw} TIMES`;
    case 'start-stop':
      return `START t'${q.start.value}' STOP t'${q.stop.value}'`;
  }
}

function formatComparison(c: ComparisonExpression): string {
  switch (c.kind) {
    case 'and':
      return c.operands
        .map((o) => (o.kind === 'or' ? `(${formatComparison(o)})` : formatComparison(o)))
        .join(' AND ');
    case 'or':
      return c.operands.map(formatComparison).join(' OR ');
    case 'exists':
      return `${c.negated ? 'NOT ' : ''}EXISTS ${formatPath(c.path)}`;
    case 'comparison':
      return `${formatPath(c.path)} ${c.negated ? 'NOT ' : ''}${c.operator} ${formatLiteral(c.value)}`;
  }
}

/** Formats an object path (`file:hashes.'SHA-256'`). @throws {RangeError} on an unwritable type. */
export function formatPath(path: ObjectPath): string {
  if (!OBJECT_TYPE_RE.test(path.objectType) || KEYWORDS.has(path.objectType) || isBool(path.objectType)) {
    throw new RangeError(`Cannot format object type ${JSON.stringify(path.objectType)}`);
  }
  let out = `${path.objectType}:`;
  path.steps.forEach((step, i) => {
    if (step.kind === 'property') {
      const plain = IDENTIFIER_RE.test(step.name) && !KEYWORDS.has(step.name) && !isBool(step.name);
      out += `${i === 0 ? '' : '.'}${plain ? step.name : quote(step.name)}`;
    } else out += step.kind === 'index' ? `[${step.index}]` : '[*]';
  });
  return out;
}

function formatLiteral(l: Literal): string {
  if (l.kind === 'set') return `(${l.values.map(formatPrimitive).join(', ')})`;
  return formatPrimitive(l);
}

function formatPrimitive(l: PrimitiveLiteral): string {
  switch (l.kind) {
    case 'string':
      return quote(l.value);
    case 'int':
    case 'float':
      return l.raw;
    case 'bool':
      return String(l.value);
    case 'timestamp':
      return `t'${l.value}'`;
    case 'hex':
      return `h'${l.value}'`;
    case 'binary':
      return `b'${l.value}'`;
  }
}

// STIX 2.1 §9.2: only `\` and `'` are escaped inside a string literal.
function quote(value: string): string {
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

function isBool(word: string): boolean {
  return word === 'true' || word === 'false';
}
