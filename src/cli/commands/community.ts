import { type CliCommand, EXIT } from '../cli-io.js';
import { configFor, output, parseCommandArgs, STORE_OPTIONS, table, UsageError } from '../command-support.js';
import { withHub } from '../with-hub.js';

export const communityAddCommand: CliCommand = {
  path: ['community', 'add'],
  summary: 'Add a community (a TAXII API root)',
  usage:
    'cairn community add NAME [--title T] [--default-tlp clear|green|amber|amber+strict|red] [--kind K] [--sector S] [--pii redact|hold|off] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      ...STORE_OPTIONS,
      title: { type: 'string' },
      'default-tlp': { type: 'string' },
      kind: { type: 'string' },
      sector: { type: 'string' },
      pii: { type: 'string' },
    });
    const [name] = positionals;
    if (name === undefined || positionals.length > 1) throw new UsageError('NAME is required');
    const config = configFor(io, values);
    const c = await withHub(io, config, (hub) =>
      hub.admin.addCommunity(name, {
        maxContentLength: config.taxii.maxContentLength,
        ...(values.title === undefined ? {} : { title: values.title }),
        ...(values['default-tlp'] === undefined ? {} : { defaultTlp: values['default-tlp'] }),
        ...(values.kind === undefined ? {} : { kind: values.kind }),
        ...(values.sector === undefined ? {} : { sector: values.sector }),
        ...(values.pii === undefined ? {} : { piiMode: values.pii }),
      }),
    );
    output(io, values.json, c, () => `Added community "${c.name}": API root /${c.name}/`);
    return EXIT.ok;
  },
};

export const communityListCommand: CliCommand = {
  path: ['community', 'list'],
  summary: 'List communities',
  usage: 'cairn community list [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, STORE_OPTIONS);
    const list = await withHub(io, configFor(io, values), (hub) => hub.admin.listCommunities());
    output(io, values.json, list, () =>
      table([
        ['NAME', 'KIND', 'DEFAULT TLP', 'TITLE'],
        ...list.map((c) => [c.name, c.kind, c.defaultTlp, c.title]),
      ]),
    );
    return EXIT.ok;
  },
};

export const communityMemberAddCommand: CliCommand = {
  path: ['community', 'member', 'add'],
  summary: 'Make an organisation a member of a community',
  usage: 'cairn community member add COMMUNITY --org ORG [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { ...STORE_OPTIONS, org: { type: 'string' } });
    const [name] = positionals;
    if (name === undefined || positionals.length > 1 || values.org === undefined)
      throw new UsageError('COMMUNITY and --org are required');
    await withHub(io, configFor(io, values), (hub) => hub.admin.addMember(name, values.org as string));
    output(
      io,
      values.json,
      { community: name, org: values.org },
      () => `Organisation "${values.org}" is a member of "${name}"`,
    );
    return EXIT.ok;
  },
};

export const communityPiiCommand: CliCommand = {
  path: ['community', 'pii'],
  summary: 'Set what happens to personal data found in a community’s submissions',
  usage: 'cairn community pii COMMUNITY redact|hold|off [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, STORE_OPTIONS);
    const [name, mode] = positionals;
    if (name === undefined || mode === undefined || positionals.length > 2)
      throw new UsageError('COMMUNITY and the mode (redact, hold or off) are required');
    const c = await withHub(io, configFor(io, values), (hub) => hub.admin.setCommunityPiiMode(name, mode));
    output(io, values.json, c, () => `Community "${c.name}": personal data is now handled by "${c.piiMode}"`);
    return EXIT.ok;
  },
};
