import { type CliCommand, EXIT } from '../cli-io.js';
import { configFor, output, parseCommandArgs, STORE_OPTIONS, UsageError } from '../command-support.js';
import { withHub } from '../with-hub.js';

export const tokenCreateCommand: CliCommand = {
  path: ['token', 'create'],
  summary: 'Create an API token for an organisation (printed once)',
  usage: 'cairn token create --org ORG [--name N] [--scope read|write] [--expires-days D] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      ...STORE_OPTIONS,
      org: { type: 'string' },
      name: { type: 'string' },
      scope: { type: 'string', default: 'read' },
      'expires-days': { type: 'string' },
    });
    if (values.org === undefined || positionals.length > 0) throw new UsageError('--org is required');
    const days = values['expires-days'];
    if (days !== undefined && !/^\d{1,5}$/.test(days))
      throw new UsageError('--expires-days must be a whole number of days');
    const result = await withHub(io, configFor(io, values), (hub) =>
      hub.admin.createToken({
        org: values.org as string,
        scope: values.scope as string,
        ...(values.name === undefined ? {} : { name: values.name }),
        ...(days === undefined
          ? {}
          : { expiresAt: hub.taxii.clock.nowMicros() + Number(days) * 86_400_000_000 }),
      }),
    );
    const shown = {
      id: result.record.id,
      name: result.record.name,
      scope: result.record.scope,
      token: result.token,
    };
    output(io, values.json, shown, () => `Token ${shown.id} (${shown.scope}), shown once:\n${result.token}`);
    return EXIT.ok;
  },
};

export const tokenRevokeCommand: CliCommand = {
  path: ['token', 'revoke'],
  summary: 'Revoke an API token at once',
  usage: 'cairn token revoke ID [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, STORE_OPTIONS);
    const [id] = positionals;
    if (id === undefined || positionals.length > 1) throw new UsageError('ID is required');
    await withHub(io, configFor(io, values), (hub) => hub.admin.revokeToken(id));
    output(io, values.json, { revoked: id }, () => `Revoked token ${id}`);
    return EXIT.ok;
  },
};
