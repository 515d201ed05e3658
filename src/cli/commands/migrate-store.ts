import {
  copyStore,
  type StoreCopyProgress,
  type StoreCopyReport,
  type StoreLocation,
  sameStoreLocation,
  tryParseStoreLocation,
} from '../../app/index.js';
import { type CliCommand, type CliIo, EXIT } from '../cli-io.js';
import { output, parseCommandArgs, table, UsageError } from '../command-support.js';

const USAGE =
  'cairn migrate-store --from sqlite:PATH|postgres://… --to postgres://…|sqlite:PATH [--resume] [--verify-only] [--batch-size N] [--json]';

/**
 * `cairn migrate-store`: moves a hub to another store (SQLite to PostgreSQL, or back) and
 * verifies the copy table by table (docs/scale-out.md, "Moving a hub from SQLite to
 * PostgreSQL"). Progress goes to stderr, the report to stdout; exit 1 when any table or the
 * audit chain does not verify.
 */
export const migrateStoreCommand: CliCommand = {
  path: ['migrate-store'],
  summary: 'Copy a hub to another store (SQLite to PostgreSQL) and verify the copy',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      from: { type: 'string' },
      to: { type: 'string' },
      resume: { type: 'boolean', default: false },
      'verify-only': { type: 'boolean', default: false },
      'batch-size': { type: 'string', default: '1000' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (positionals.length > 0) throw new UsageError('migrate-store takes no positional arguments');
    const from = location(io, '--from', values.from);
    const to = location(io, '--to', values.to);
    if (sameStoreLocation(from, to)) throw new UsageError('--from and --to name the same store');
    if (values.resume && values['verify-only'])
      throw new UsageError('--resume and --verify-only exclude each other');
    const batchSize = Number(values['batch-size']);
    if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > 10_000)
      throw new UsageError('--batch-size must be a whole number from 1 to 10000');
    const report = await copyStore({
      from,
      to,
      resume: values.resume,
      verifyOnly: values['verify-only'],
      batchSize,
      onProgress: progressPrinter(io),
    });
    output(io, values.json, report, () => describe(report));
    return report.ok ? EXIT.ok : EXIT.failure;
  },
};

function location(io: CliIo, flag: string, text: string | undefined): StoreLocation {
  if (text === undefined) throw new UsageError(`${flag} is required`);
  const parsed = tryParseStoreLocation(text, io.cwd);
  if (parsed === undefined) throw new UsageError(`${flag} must be sqlite:PATH or a postgres:// URL`);
  return parsed;
}

/** A line per table, then one about every 10% of a large table. */
function progressPrinter(io: CliIo): (event: StoreCopyProgress) => void {
  let printed = 0;
  return (event) => {
    if (event.phase === 'verify') {
      io.stderr.write(`Verifying ${event.table}\n`);
      return;
    }
    const step = Math.max(10_000, Math.ceil(event.total / 10));
    if (event.copied === 0) printed = 0;
    else if (event.copied - printed < step && event.copied < event.total) return;
    printed = event.copied;
    io.stderr.write(`Copying ${event.table}: ${event.copied}/${event.total} rows\n`);
  };
}

function describe(report: StoreCopyReport): string {
  const rows = report.tables.map((t) => [
    t.table,
    String(t.copied),
    String(t.sourceRows),
    String(t.targetRows),
    t.targetDigest.slice(0, 16),
    t.ok ? 'ok' : 'MISMATCH',
  ]);
  const bad = report.tables.filter((t) => !t.ok).map((t) => t.table);
  const audit = report.audit.ok
    ? `Audit chain on the target: intact, ${report.audit.checked} entries`
    : `Audit chain on the target: BROKEN at entry ${report.audit.seq} (${report.audit.reason}): ${report.audit.message}`;
  return [
    `From ${report.from}`,
    `To   ${report.to}`,
    table([['TABLE', 'COPIED', 'SOURCE', 'TARGET', 'DIGEST', 'CHECK'], ...rows]),
    audit,
    report.ok
      ? `Verified: ${report.tables.length} tables match. ${switchAdvice(report.to)}`
      : `NOT verified${bad.length === 0 ? '' : `: mismatch in ${bad.join(', ')}`}. Do not switch to the target.`,
  ].join('\n');
}

function switchAdvice(to: string): string {
  return to.startsWith('sqlite:')
    ? "Unset CAIRN_DATABASE_URL, give the hub that file's directory as its data directory, and start it."
    : 'Point CAIRN_DATABASE_URL at the target and start the hub.';
}
