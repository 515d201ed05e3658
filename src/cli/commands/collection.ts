import { type CliCommand, EXIT } from '../cli-io.js';
import { configFor, output, parseCommandArgs, STORE_OPTIONS, table, UsageError } from '../command-support.js';
import { withHub } from '../with-hub.js';

export const collectionAddCommand: CliCommand = {
  path: ['collection', 'add'],
  summary: 'Add a collection to a community (prints its id)',
  usage:
    'cairn collection add --community NAME --title T [--alias A] [--description D] [--read members|ROLE|org:NAME]... [--write ...]...\n' +
    '  [--no-custom-objects] [--no-custom-properties] [--require-markings] [--require-created-by] [--max-object-size BYTES] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      ...STORE_OPTIONS,
      community: { type: 'string' },
      title: { type: 'string' },
      alias: { type: 'string' },
      description: { type: 'string' },
      read: { type: 'string', multiple: true },
      write: { type: 'string', multiple: true },
      'no-custom-objects': { type: 'boolean', default: false },
      'no-custom-properties': { type: 'boolean', default: false },
      'require-markings': { type: 'boolean', default: false },
      'require-created-by': { type: 'boolean', default: false },
      'max-object-size': { type: 'string' },
    });
    const maxSize = values['max-object-size'];
    if (maxSize !== undefined && !/^\d{1,10}$/.test(maxSize))
      throw new UsageError('--max-object-size must be a number of bytes');
    const policy = {
      ...(values['no-custom-objects'] === true ? { allowCustomObjects: false } : {}),
      ...(values['no-custom-properties'] === true ? { allowCustomProperties: false } : {}),
      ...(values['require-markings'] === true ? { requireMarkings: true } : {}),
      ...(values['require-created-by'] === true ? { requireCreatedByRef: true } : {}),
      ...(maxSize === undefined ? {} : { maxObjectBytes: Number(maxSize) }),
    };
    if (values.community === undefined || values.title === undefined || positionals.length > 0) {
      throw new UsageError('--community and --title are required');
    }
    const c = await withHub(io, configFor(io, values), (hub) =>
      hub.admin.addCollection({
        community: values.community as string,
        title: values.title as string,
        read: values.read ?? [],
        write: values.write ?? [],
        policy,
        ...(values.alias === undefined ? {} : { alias: values.alias }),
        ...(values.description === undefined ? {} : { description: values.description }),
      }),
    );
    output(io, values.json, c, () => c.id);
    return EXIT.ok;
  },
};

export const collectionListCommand: CliCommand = {
  path: ['collection', 'list'],
  summary: 'List collections',
  usage: 'cairn collection list [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, STORE_OPTIONS);
    const list = await withHub(io, configFor(io, values), (hub) => hub.admin.listCollections());
    output(io, values.json, list, () =>
      table([['ID', 'ALIAS', 'TITLE'], ...list.map((c) => [c.id, c.alias ?? '', c.title])]),
    );
    return EXIT.ok;
  },
};
