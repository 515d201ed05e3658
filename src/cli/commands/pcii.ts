import { userPrincipal } from '../../app/user-principal.js';
import { decidePcii, getPcii, listPcii } from '../../taxii/index.js';
import { type CliCommand, EXIT } from '../cli-io.js';
import { configFor, output, parseCommandArgs, STORE_OPTIONS, table, UsageError } from '../command-support.js';
import { withHub } from '../with-hub.js';

/**
 * `cairn pcii …`: the PCII validation workflow at the console. Every verb acts as a named
 * pcii-officer (`--as NAME`), never as the operator: hub admins have no bypass over
 * protected submissions, and each decision and read is audited under the officer's name.
 */
const OPTIONS = { ...STORE_OPTIONS, as: { type: 'string' } } as const;

function officerName(values: { as?: string | undefined }): string {
  if (values.as === undefined || values.as === '')
    throw new UsageError('--as NAME (a pcii-officer) is required');
  return values.as;
}

function onlyId(positionals: readonly string[]): string {
  const [id] = positionals;
  if (id === undefined || positionals.length > 1) throw new UsageError('ID is required');
  return id;
}

export const pciiListCommand: CliCommand = {
  path: ['pcii', 'list'],
  summary: 'List protected (PCII) submissions an officer may validate',
  usage: 'cairn pcii list --as NAME [--state pending|validated|rejected] [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...OPTIONS, state: { type: 'string' } });
    const name = officerName(values);
    const list = await withHub(io, configFor(io, values), async (hub) =>
      listPcii(hub.taxii, await userPrincipal(hub.store, name, hub.taxii.clock.nowMicros()), {
        ...(values.state === undefined ? {} : { state: values.state }),
      }),
    );
    output(io, values.json, list, () =>
      table([
        ['ID', 'OBJECT', 'VERSION', 'STATE', 'SUBMITTED AT'],
        ...list.map((r) => [r.id, r.object_id, r.version, r.state, r.submitted_at]),
      ]),
    );
    return EXIT.ok;
  },
};

export const pciiShowCommand: CliCommand = {
  path: ['pcii', 'show'],
  summary: 'Show a protected submission with its express statement and object (audited)',
  usage: 'cairn pcii show ID --as NAME [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS);
    const id = onlyId(positionals);
    const name = officerName(values);
    const detail = await withHub(io, configFor(io, values), async (hub) =>
      getPcii(hub.taxii, await userPrincipal(hub.store, name, hub.taxii.clock.nowMicros()), id),
    );
    output(io, values.json, detail, () =>
      [
        `Protected submission ${detail.id}: ${detail.object_id} (version ${detail.version}), ${detail.state}, submitted ${detail.submitted_at}`,
        `Statement: ${detail.statement}`,
        detail.object === undefined ? '(the object was deleted)' : JSON.stringify(detail.object, null, 2),
      ].join('\n'),
    );
    return EXIT.ok;
  },
};

/** `cairn pcii validate|reject ID --as NAME [--reason TEXT]`. */
function decisionCommand(decision: 'validate' | 'reject', summary: string): CliCommand {
  return {
    path: ['pcii', decision],
    summary,
    usage: `cairn pcii ${decision} ID --as NAME [--reason TEXT] [--json]`,
    async run(args, io) {
      const { values, positionals } = parseCommandArgs(args, { ...OPTIONS, reason: { type: 'string' } });
      const id = onlyId(positionals);
      const name = officerName(values);
      const result = await withHub(io, configFor(io, values), async (hub) =>
        decidePcii(
          hub.taxii,
          await userPrincipal(hub.store, name, hub.taxii.clock.nowMicros()),
          id,
          decision,
          values.reason === undefined ? {} : { reason: values.reason },
        ),
      );
      output(
        io,
        values.json,
        result,
        () => `Protected submission ${result.id}: ${result.object_id} ${result.state}`,
      );
      return EXIT.ok;
    },
  };
}

export const pciiValidateCommand = decisionCommand(
  'validate',
  'Validate a protected submission: pcii-certified users of the community may then receive it',
);
export const pciiRejectCommand = decisionCommand(
  'reject',
  'Reject a protected submission: it stays with the submitting organisation and the officers',
);
