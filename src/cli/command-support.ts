import { readFileSync } from 'node:fs';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type Config, loadConfig } from '../config/index.js';
import { HubError } from '../core/index.js';
import type { CliIo } from './cli-io.js';

/** Options every verb that touches the store accepts. */
export const STORE_OPTIONS = {
  data: { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

/** parseArgs that reports misuse as a usage error (exit 2) instead of throwing a TypeError. */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: O,
) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Wrong command-line usage: main prints the usage and exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The configuration for a verb: defaults < --config file < CAIRN_* env < flags. */
export function configFor(
  io: CliIo,
  values: { data?: string | undefined; config?: string | undefined },
  flags: Record<string, string | number | undefined> = {},
): Config {
  const path = values.config ?? io.env.CAIRN_CONFIG;
  let file: unknown;
  if (path !== undefined) {
    try {
      file = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new HubError(
        'CAIRN_CONFIG_INVALID',
        `Cannot read the config file "${path}": ${(error as Error).message}`,
      );
    }
  }
  return loadConfig({
    ...(file === undefined ? {} : { file }),
    env: io.env,
    flags: { ...(values.data === undefined ? {} : { dataDir: values.data }), ...flags },
  });
}

/** Prints `value` as JSON with --json, or as the human text otherwise. */
export function output(io: CliIo, json: boolean | undefined, value: unknown, human: () => string): void {
  io.stdout.write(json === true ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

/** Simple aligned table for human output. */
export function table(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '(none)';
  const widths = (rows[0] as readonly string[]).map((_, i) =>
    Math.max(...rows.map((r) => (r[i] ?? '').length)),
  );
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
