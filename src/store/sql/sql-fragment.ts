/** A piece of SQL with its `?` parameters, in order. */
export interface SqlFragment {
  readonly sql: string;
  readonly params: unknown[];
}
