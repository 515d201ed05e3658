import { tryParseTimestamp } from '../stix/index.js';
import type { ComparisonExpression, PatternExpression, Qualifier } from './ast.js';
import { createCatalogObjectModel, type PatternObjectModel } from './object-model.js';
import { parsePatternDetailed, type Span } from './parse-pattern.js';
import type { PatternIssue } from './pattern-issue.js';
import { lineAndColumn, PatternSyntaxError } from './pattern-syntax-error.js';
import { checkTest, type Finding } from './validate-test.js';
import { forEachObservation, forEachTestIn } from './walk-pattern.js';

export type { PatternIssue } from './pattern-issue.js';

/** Options of {@link validatePattern}. */
export interface ValidatePatternOptions {
  /** Accept custom object types (`x-…`) and properties (`x_…`); other unknown names become warnings. */
  readonly allowCustom?: boolean;
  /** SCO knowledge; defaults to the STIX 2.1 catalogue (`src/stix/catalog`). `null` skips type checks. */
  readonly objectModel?: PatternObjectModel | null;
}

/**
 * Checks a pattern's syntax and meaning (STIX 2.1 §9; checklist 18): unknown SCO types and
 * properties, custom property names that break the S142 name rule (S156, always an error),
 * operators that cannot apply to a property, AND across object types inside one
 * observation expression (S147), qualifier values (S152–S155), timestamps, hashes, CIDR blocks
 * and MATCHES expressions (validated with RE2; PCRE-only features are named). Never throws.
 *
 * @example
 * ```ts
 * validatePattern("[ipv4-addr:value = '1.2.3.4' AND domain-name:value = 'x']");
 * // [{ code: 'PATTERN_AND_ACROSS_TYPES', severity: 'error', … }]
 * ```
 */
export function validatePattern(text: string, options: ValidatePatternOptions = {}): PatternIssue[] {
  let parsed: ReturnType<typeof parsePatternDetailed>;
  try {
    parsed = parsePatternDetailed(text);
  } catch (error) {
    if (!(error instanceof PatternSyntaxError)) throw error;
    const { offset, line, column, message } = error;
    return [{ code: 'PATTERN_SYNTAX', message, severity: 'error', offset, line, column }];
  }
  const { ast, spans } = parsed;
  const model =
    options.objectModel === null ? undefined : (options.objectModel ?? createCatalogObjectModel());
  const issues: PatternIssue[] = [];
  const report = (f: Finding, at: object) => {
    const span: Span | undefined = spans.get(at);
    if (span === undefined) issues.push(f);
    else issues.push({ ...f, offset: span.offset, ...lineAndColumn(text, span.offset) });
  };
  forEachObservation(ast, (c) => {
    checkSameRoot(c, report);
    forEachTestIn(c, (t) => {
      for (const f of checkTest(t, model, options.allowCustom === true)) report(f, t);
    });
  });
  checkQualifiers(ast, report, new Set());
  return issues;
}

// STIX 2.1 §9.5 (checklist S147): every operand of AND must be satisfiable by the same object.
function checkSameRoot(c: ComparisonExpression, report: (f: Finding, at: object) => void): Set<string> {
  switch (c.kind) {
    case 'comparison':
    case 'exists':
      return new Set([c.path.objectType]);
    case 'or': {
      const all = new Set<string>();
      for (const o of c.operands) for (const t of checkSameRoot(o, report)) all.add(t);
      return all;
    }
    case 'and': {
      const sets = c.operands.map((o) => checkSameRoot(o, report));
      const common = new Set([...(sets[0] ?? [])].filter((t) => sets.every((s) => s.has(t))));
      if (common.size === 0 && sets.every((s) => s.size > 0)) {
        const types = [...new Set(sets.flatMap((s) => [...s]))].join('", "');
        report(
          {
            code: 'PATTERN_AND_ACROSS_TYPES',
            message: `AND joins tests on different object types ("${types}") inside one observation expression; use OR or separate observation expressions`,
            severity: 'error',
          },
          c,
        );
      }
      return common;
    }
  }
}

// STIX 2.1 §9.5.1: WITHIN > 0, REPEATS ≥ 1, START < STOP; S155: no repeated qualifier kind.
function checkQualifiers(
  e: PatternExpression,
  report: (f: Finding, at: object) => void,
  chain: Set<Qualifier['kind']>,
): void {
  if (e.kind === 'observation') return;
  if (e.kind === 'observation-operator') {
    for (const o of e.operands) checkQualifiers(o, report, new Set());
    return;
  }
  const q = e.qualifier;
  const err = (code: string, message: string) => report({ code, message, severity: 'error' }, q);
  if (chain.has(q.kind))
    err('PATTERN_DUPLICATE_QUALIFIER', `Duplicate ${qualifierName(q)} qualifier on one expression`);
  if (q.kind === 'within' && !(q.seconds.value > 0))
    err('PATTERN_BAD_QUALIFIER', 'WITHIN needs a positive number of seconds');
  if (q.kind === 'repeats' && !(q.times.value >= 1))
    err('PATTERN_BAD_QUALIFIER', 'REPEATS needs a positive number of times');
  if (q.kind === 'start-stop') {
    const start = tryParseTimestamp(q.start.value);
    const stop = tryParseTimestamp(q.stop.value);
    if (start === undefined || stop === undefined) {
      err('PATTERN_BAD_TIMESTAMP', 'START/STOP timestamp is not a valid date and time');
    } else if (
      start.epochSeconds > stop.epochSeconds ||
      (start.epochSeconds === stop.epochSeconds && start.nanos >= stop.nanos)
    ) {
      err('PATTERN_BAD_QUALIFIER', 'START must be earlier than STOP');
    }
  }
  checkQualifiers(e.expression, report, new Set([...chain, q.kind]));
}

function qualifierName(q: Qualifier): string {
  return q.kind === 'start-stop' ? 'START/STOP' : q.kind.toUpperCase();
}
