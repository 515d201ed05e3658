import type { AuditEntry, AuditQuery } from '../../app/index.js';
import { verifyAuditTrail } from '../../app/index.js';
import { type CliCommand, EXIT } from '../cli-io.js';
import { configFor, output, parseCommandArgs, STORE_OPTIONS, table, UsageError } from '../command-support.js';
import { withHub } from '../with-hub.js';

export const auditVerifyCommand: CliCommand = {
  path: ['audit', 'verify'],
  summary: 'Check the audit log hash chain; exit 1 with the first bad entry if it was altered',
  usage: 'cairn audit verify [--head SEQ:HASH] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { ...STORE_OPTIONS, head: { type: 'string' } });
    if (positionals.length > 0) throw new UsageError('audit verify takes no arguments');
    const expectedHead = values.head === undefined ? undefined : parseHead(values.head);
    const verdict = await withHub(io, configFor(io, values), (hub) =>
      verifyAuditTrail(hub.store, expectedHead === undefined ? {} : { expectedHead }),
    );
    output(io, values.json, verdict, () =>
      verdict.ok
        ? `Audit log intact: ${verdict.checked} entries, head ${verdict.head.seq} ${verdict.head.hash}`
        : [
            `Audit log BROKEN at entry ${verdict.seq} (${verdict.reason}): ${verdict.message}`,
            `${verdict.checked} entries verified before it, up to entry ${verdict.head.seq}.`,
            ...(verdict.entry === undefined ? [] : [JSON.stringify(verdict.entry)]),
          ].join('\n'),
    );
    return verdict.ok ? EXIT.ok : EXIT.failure;
  },
};

export const auditShowCommand: CliCommand = {
  path: ['audit', 'show'],
  summary: 'Show the newest audit entries, oldest first (--limit 1 --json gives the head)',
  usage:
    'cairn audit show [--event E|PREFIX*] [--actor ID|NAME] [--since TS] [--until TS] [--limit N] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      ...STORE_OPTIONS,
      event: { type: 'string' },
      actor: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      limit: { type: 'string', default: '50' },
    });
    if (positionals.length > 0) throw new UsageError('audit show takes no arguments');
    const limit = Number(values.limit);
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 10_000)
      throw new UsageError('--limit must be a whole number from 1 to 10000');
    const query: AuditQuery = {
      order: 'desc',
      limit,
      ...(values.event === undefined ? {} : { event: values.event }),
      ...(values.actor === undefined ? {} : { actor: values.actor }),
      ...(values.since === undefined ? {} : { from: parseInstant('--since', values.since) }),
      ...(values.until === undefined ? {} : { to: parseInstant('--until', values.until) }),
    };
    const entries = (
      await withHub(io, configFor(io, values), (hub) => hub.store.audit.list(query))
    ).reverse();
    output(io, values.json, entries, () =>
      table([['SEQ', 'TIME', 'EVENT', 'ACTOR', 'TARGET', 'DETAILS'], ...entries.map(row)]),
    );
    return EXIT.ok;
  },
};

function row(e: AuditEntry): string[] {
  const a = e.actor;
  const who = [a.kind, a.name ?? a.id, a.address === undefined ? undefined : `@${a.address}`]
    .filter((x) => x !== undefined)
    .join(' ');
  return [
    String(e.seq),
    new Date(Math.floor(e.at / 1000)).toISOString(),
    e.event,
    who,
    Object.entries(e.target)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
    JSON.stringify(e.details),
  ];
}

/** An ISO 8601 time, or microseconds since the epoch (as `cairn audit show --json` prints). */
function parseInstant(flag: string, text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms))
    throw new UsageError(`${flag} must be an ISO 8601 time or microseconds since the epoch`);
  return ms * 1000;
}

function parseHead(text: string): { seq: number; hash: string } {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(text);
  if (m === null) throw new UsageError('--head must be SEQ:HASH (from `cairn audit show --limit 1 --json`)');
  return { seq: Number(m[1]), hash: m[2] as string };
}
