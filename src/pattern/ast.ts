/**
 * The STIX 2.1 pattern syntax tree (STIX 2.1 §9). Nodes are plain, frozen objects discriminated
 * by `kind`, so they can be compared with deep equality, serialised, and shared safely.
 *
 * Parentheses are not kept: an operator node lists all operands of a run of the same operator
 * (`a OR (b OR c)` and `a OR b OR c` give the same node), which is harmless because every
 * observation and comparison operator is associative (STIX 2.1 §9.5, §9.6).
 */

/** Observation operators, STIX 2.1 §9.5. */
export type ObservationOperator = 'AND' | 'OR' | 'FOLLOWEDBY';

/** Comparison operators, STIX 2.1 §9.6.1 (`==` and `<>` are normalised to `=` and `!=`). */
export type ComparisonOperator =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'IN'
  | 'LIKE'
  | 'MATCHES'
  | 'ISSUBSET'
  | 'ISSUPERSET';

export interface StringLiteral {
  readonly kind: 'string';
  readonly value: string;
}
export interface IntLiteral {
  readonly kind: 'int';
  readonly value: number;
  /** Decimal text without a leading `+`; kept so that large integers format exactly. */
  readonly raw: string;
}
export interface FloatLiteral {
  readonly kind: 'float';
  readonly value: number;
  /** Decimal text without a leading `+`, as written. */
  readonly raw: string;
}
export interface BoolLiteral {
  readonly kind: 'bool';
  readonly value: boolean;
}
/** `t'…'`: the text between the quotes. */
export interface TimestampLiteral {
  readonly kind: 'timestamp';
  readonly value: string;
}
/** `h'…'`: the hex digits between the quotes. */
export interface HexLiteral {
  readonly kind: 'hex';
  readonly value: string;
}
/** `b'…'`: the base64 text between the quotes (line breaks removed). */
export interface BinaryLiteral {
  readonly kind: 'binary';
  readonly value: string;
}
export type PrimitiveLiteral =
  | StringLiteral
  | IntLiteral
  | FloatLiteral
  | BoolLiteral
  | TimestampLiteral
  | HexLiteral
  | BinaryLiteral;
/** `(a, b, …)` for `IN`. */
export interface SetLiteral {
  readonly kind: 'set';
  readonly values: readonly PrimitiveLiteral[];
}
export type Literal = PrimitiveLiteral | SetLiteral;

/** One step of an object path after the object type (STIX 2.1 §9.7). */
export type PathStep =
  | { readonly kind: 'property'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'any-index' };

/** `type:prop.sub[0].'quoted-key'` */
export interface ObjectPath {
  readonly kind: 'path';
  readonly objectType: string;
  /** Never empty; the first step is always a property. */
  readonly steps: readonly PathStep[];
}

/** `path [NOT] op value` (STIX 2.1 §9.6). */
export interface ComparisonNode {
  readonly kind: 'comparison';
  readonly path: ObjectPath;
  readonly operator: ComparisonOperator;
  readonly negated: boolean;
  readonly value: Literal;
}
/** `[NOT] EXISTS path`. */
export interface ExistsNode {
  readonly kind: 'exists';
  readonly path: ObjectPath;
  readonly negated: boolean;
}
/** Boolean AND/OR inside one observation expression; at least two operands, none of the same kind. */
export interface AndNode {
  readonly kind: 'and';
  readonly operands: readonly ComparisonExpression[];
}
export interface OrNode {
  readonly kind: 'or';
  readonly operands: readonly ComparisonExpression[];
}
export type ComparisonExpression = ComparisonNode | ExistsNode | AndNode | OrNode;

/** `[ … ]` */
export interface ObservationNode {
  readonly kind: 'observation';
  readonly comparison: ComparisonExpression;
}
/** `a AND b`, `a OR b`, `a FOLLOWEDBY b`; at least two operands, none with the same operator. */
export interface ObservationOperatorNode {
  readonly kind: 'observation-operator';
  readonly operator: ObservationOperator;
  readonly operands: readonly PatternExpression[];
}
export type Qualifier =
  | { readonly kind: 'within'; readonly seconds: IntLiteral | FloatLiteral }
  | { readonly kind: 'repeats'; readonly times: IntLiteral }
  | { readonly kind: 'start-stop'; readonly start: TimestampLiteral; readonly stop: TimestampLiteral };
/** An expression with one qualifier; chained qualifiers nest, innermost first (STIX 2.1 §9.5.1). */
export interface QualifiedNode {
  readonly kind: 'qualified';
  readonly expression: PatternExpression;
  readonly qualifier: Qualifier;
}
export type PatternExpression = ObservationNode | ObservationOperatorNode | QualifiedNode;

/** A parsed pattern: its root expression. */
export type PatternAst = PatternExpression;

/** Any node of the tree. */
export type PatternNode =
  | PatternExpression
  | ComparisonExpression
  | ObjectPath
  | Literal
  | Qualifier
  | PathStep;

/** Freezes `node` (and nothing else: children are frozen when they are built). */
export function node<T extends object>(value: T): T {
  return Object.freeze(value);
}

/** Builds a frozen string literal node. */
export function stringLiteral(value: string): StringLiteral {
  return node({ kind: 'string', value });
}

/** Builds a frozen integer literal node. */
export function intLiteral(value: number): IntLiteral {
  return node({ kind: 'int', value, raw: String(value) });
}

/** Builds a frozen object path node from a type and property names / indexes (`'*'` = any). */
export function objectPath(objectType: string, ...steps: readonly (string | number)[]): ObjectPath {
  const built = steps.map(
    (s): PathStep =>
      typeof s === 'number'
        ? node({ kind: 'index', index: s })
        : s === '*'
          ? node({ kind: 'any-index' })
          : node({ kind: 'property', name: s }),
  );
  return node({ kind: 'path', objectType, steps: Object.freeze(built) });
}
