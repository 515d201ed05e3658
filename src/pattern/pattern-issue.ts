/** One problem found by `validatePattern`. */
export interface PatternIssue {
  /** Stable code, e.g. `PATTERN_SYNTAX`, `PATTERN_UNKNOWN_TYPE` (see docs/pattern.md). */
  readonly code: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
  /** 0-based offset of the offending text, and its 1-based line and column. */
  readonly offset?: number;
  readonly line?: number;
  readonly column?: number;
}
