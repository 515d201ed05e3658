import type {
  ComparisonExpression,
  ComparisonNode,
  ExistsNode,
  PatternExpression,
  Qualifier,
} from './ast.js';

/** Calls `visit` for every comparison and EXISTS test of a pattern, left to right. */
export function forEachTest(
  ast: PatternExpression,
  visit: (test: ComparisonNode | ExistsNode) => void,
): void {
  forEachObservation(ast, (c) => forEachTestIn(c, visit));
}

/** Calls `visit` with the comparison expression of every `[…]` observation, left to right. */
export function forEachObservation(ast: PatternExpression, visit: (c: ComparisonExpression) => void): void {
  switch (ast.kind) {
    case 'observation':
      visit(ast.comparison);
      return;
    case 'qualified':
      forEachObservation(ast.expression, visit);
      return;
    case 'observation-operator':
      for (const o of ast.operands) forEachObservation(o, visit);
  }
}

/** Calls `visit` for every qualifier, innermost first. */
export function forEachQualifier(ast: PatternExpression, visit: (q: Qualifier) => void): void {
  if (ast.kind === 'qualified') {
    forEachQualifier(ast.expression, visit);
    visit(ast.qualifier);
  } else if (ast.kind === 'observation-operator') {
    for (const o of ast.operands) forEachQualifier(o, visit);
  }
}

/** Calls `visit` for every comparison and EXISTS test of one comparison expression. */
export function forEachTestIn(
  c: ComparisonExpression,
  visit: (test: ComparisonNode | ExistsNode) => void,
): void {
  if (c.kind === 'and' || c.kind === 'or') for (const o of c.operands) forEachTestIn(o, visit);
  else visit(c);
}
