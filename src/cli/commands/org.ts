import { type CliCommand, EXIT } from '../cli-io.js';
import { configFor, output, parseCommandArgs, STORE_OPTIONS, table, UsageError } from '../command-support.js';
import { withHub } from '../with-hub.js';

export const orgAddCommand: CliCommand = {
  path: ['org', 'add'],
  summary: 'Add a member organisation',
  usage: 'cairn org add NAME --class government|sltt|private|provider|international [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { ...STORE_OPTIONS, class: { type: 'string' } });
    const [name] = positionals;
    if (name === undefined || positionals.length > 1 || values.class === undefined)
      throw new UsageError('NAME and --class are required');
    const org = await withHub(io, configFor(io, values), (hub) =>
      hub.admin.addOrganisation(name, values.class as string),
    );
    output(
      io,
      values.json,
      org,
      () => `Added organisation "${org.name}" (${org.orgClass}), identity ${org.identityId}`,
    );
    return EXIT.ok;
  },
};

export const orgListCommand: CliCommand = {
  path: ['org', 'list'],
  summary: 'List organisations',
  usage: 'cairn org list [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, STORE_OPTIONS);
    const orgs = await withHub(io, configFor(io, values), (hub) => hub.admin.listOrganisations());
    output(io, values.json, orgs, () =>
      table([['NAME', 'CLASS', 'ID'], ...orgs.map((o) => [o.name, o.orgClass, o.id])]),
    );
    return EXIT.ok;
  },
};
