import { systemPrincipal } from '../../app/index.js';
import { decideReview, getReview, listReviews } from '../../taxii/index.js';
import { type CliCommand, EXIT } from '../cli-io.js';
import { configFor, output, parseCommandArgs, STORE_OPTIONS, table, UsageError } from '../command-support.js';
import { withHub } from '../with-hub.js';

export const reviewListCommand: CliCommand = {
  path: ['review', 'list'],
  summary: 'List objects held for personal-data review',
  usage: 'cairn review list [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, STORE_OPTIONS);
    const list = await withHub(io, configFor(io, values), async (hub) =>
      listReviews(hub.taxii, await systemPrincipal(hub.store)),
    );
    output(io, values.json, list, () =>
      table([
        ['REVIEW', 'OBJECT', 'VERSION', 'FOUND', 'HELD AT'],
        ...list.map((r) => [r.id, r.object_id, r.version, r.kinds.join(','), r.held_at]),
      ]),
    );
    return EXIT.ok;
  },
};

export const reviewShowCommand: CliCommand = {
  path: ['review', 'show'],
  summary: 'Show a held object and the personal data found in it',
  usage: 'cairn review show ID [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, STORE_OPTIONS);
    const [id] = positionals;
    if (id === undefined || positionals.length > 1) throw new UsageError('ID is required');
    const detail = await withHub(io, configFor(io, values), async (hub) =>
      getReview(hub.taxii, await systemPrincipal(hub.store), id),
    );
    output(io, values.json, detail, () =>
      [
        `Review ${detail.id}: ${detail.object_id} (version ${detail.version}), held ${detail.held_at}`,
        ...detail.findings.map((f) => `  ${f.kind} at ${f.path} [${f.start}, ${f.end})`),
        JSON.stringify(detail.object, null, 2),
      ].join('\n'),
    );
    return EXIT.ok;
  },
};

/** `cairn review approve|redact|reject ID`: the operator decides as a hub admin. */
function decisionCommand(decision: 'approve' | 'redact' | 'reject', summary: string): CliCommand {
  return {
    path: ['review', decision],
    summary,
    usage: `cairn review ${decision} ID [--json]`,
    async run(args, io) {
      const { values, positionals } = parseCommandArgs(args, STORE_OPTIONS);
      const [id] = positionals;
      if (id === undefined || positionals.length > 1) throw new UsageError('ID is required');
      const result = await withHub(io, configFor(io, values), async (hub) =>
        decideReview(hub.taxii, await systemPrincipal(hub.store), id, decision),
      );
      output(io, values.json, result, () => `Review ${result.id}: ${result.object_id} ${PAST[decision]}`);
      return EXIT.ok;
    },
  };
}

const PAST = {
  approve: 'released as submitted',
  redact: 'released redacted',
  reject: 'rejected and deleted',
};

export const reviewApproveCommand = decisionCommand('approve', 'Release a held object as submitted');
export const reviewRedactCommand = decisionCommand(
  'redact',
  'Release a held object with its personal data redacted',
);
export const reviewRejectCommand = decisionCommand('reject', 'Reject (delete) a held object');
