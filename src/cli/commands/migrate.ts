import { migrateStore } from '../../app/index.js';
import { type CliCommand, EXIT } from '../cli-io.js';
import { configFor, output, parseCommandArgs, STORE_OPTIONS, UsageError } from '../command-support.js';

/**
 * `cairn migrate`: applies the pending schema migrations of the configured store (SQLite in
 * the data directory, or PostgreSQL from CAIRN_DATABASE_URL) and says what it applied. Run it
 * once before rolling out a new version to several nodes; it is safe beside running nodes.
 */
export const migrateCommand: CliCommand = {
  path: ['migrate'],
  summary: 'Apply pending database migrations to the configured store',
  usage: 'cairn migrate [--data DIR] [--config FILE] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, STORE_OPTIONS);
    if (positionals.length > 0) throw new UsageError('migrate takes no arguments');
    const report = await migrateStore(configFor(io, values));
    output(io, values.json, report, () =>
      report.applied.length === 0
        ? `The ${report.backend} store is up to date (schema version ${report.version}).`
        : [
            ...report.applied.map((m) => `Applied migration ${m.version} (${m.name})`),
            `The ${report.backend} store is at schema version ${report.version}.`,
          ].join('\n'),
    );
    return EXIT.ok;
  },
};
