import { randomBytes } from 'node:crypto';
import { type CliCommand, EXIT } from '../cli-io.js';
import { configFor, output, parseCommandArgs, STORE_OPTIONS, table, UsageError } from '../command-support.js';
import { readStdin } from '../read-stdin.js';
import { withHub } from '../with-hub.js';

export const userAddCommand: CliCommand = {
  path: ['user', 'add'],
  summary: 'Add a user to an organisation',
  usage:
    'cairn user add NAME --org ORG [--role ROLE[@COMMUNITY]]... [--pcii-certified] [--password-stdin] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      ...STORE_OPTIONS,
      org: { type: 'string' },
      role: { type: 'string', multiple: true },
      'pcii-certified': { type: 'boolean', default: false },
      'password-stdin': { type: 'boolean', default: false },
    });
    const [name] = positionals;
    if (name === undefined || positionals.length > 1 || values.org === undefined)
      throw new UsageError('NAME and --org are required');
    const generated = values['password-stdin'] ? undefined : randomBytes(18).toString('base64url');
    const password = generated ?? (await readStdin(io)).replace(/\r?\n$/, '');
    const user = await withHub(io, configFor(io, values), (hub) =>
      hub.admin.addUser(name, {
        org: values.org as string,
        roles: values.role ?? ['reader'],
        password,
        pciiCertified: values['pcii-certified'] === true,
      }),
    );
    const shown = {
      id: user.id,
      name: user.name,
      orgId: user.orgId,
      roles: user.roles,
      ...(generated === undefined ? {} : { password: generated }),
    };
    output(io, values.json, shown, () =>
      [
        `Added user "${user.name}"`,
        ...(generated === undefined ? [] : [`Password (shown once): ${generated}`]),
      ].join('\n'),
    );
    return EXIT.ok;
  },
};

export const userListCommand: CliCommand = {
  path: ['user', 'list'],
  summary: 'List users',
  usage: 'cairn user list [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, STORE_OPTIONS);
    const users = await withHub(io, configFor(io, values), (hub) => hub.admin.listUsers());
    const shown = users.map(({ passwordHash: _secret, ...u }) => u);
    const roleText = (u: (typeof shown)[number]) =>
      u.roles.map((r) => r.role + (r.communityId === undefined ? '' : '@community')).join(',');
    output(io, values.json, shown, () =>
      table([['NAME', 'ROLES', 'ORG'], ...shown.map((u) => [u.name, roleText(u), u.orgId])]),
    );
    return EXIT.ok;
  },
};

export const userRemoveCommand: CliCommand = {
  path: ['user', 'remove'],
  summary: 'Remove a user',
  usage: 'cairn user remove NAME [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, STORE_OPTIONS);
    const [name] = positionals;
    if (name === undefined || positionals.length > 1) throw new UsageError('NAME is required');
    await withHub(io, configFor(io, values), (hub) => hub.admin.removeUser(name));
    output(io, values.json, { removed: name }, () => `Removed user "${name}"`);
    return EXIT.ok;
  },
};
