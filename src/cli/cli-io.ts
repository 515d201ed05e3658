/**
 * What a CLI command may touch of the outside world. `main.ts` passes the process's
 * streams; tests pass buffers. Commands return an exit code and never call process.exit.
 */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  /** Environment variables (only `config/` and the CLI read them). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** A CLI verb: parses its own arguments and returns an exit code (0 ok, 1 failure, 2 usage). */
export interface CliCommand {
  /** The words that select the command, e.g. `['pattern', 'check']`. */
  readonly path: readonly string[];
  readonly summary: string;
  /** Usage text printed for `--help` and on usage errors. */
  readonly usage: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
