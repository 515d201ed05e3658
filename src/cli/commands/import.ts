import { OPERATOR, systemPrincipal } from '../../app/index.js';
import { HubError } from '../../core/index.js';
import { addObjectList } from '../../taxii/index.js';
import { type CliCommand, EXIT } from '../cli-io.js';
import { configFor, output, parseCommandArgs, STORE_OPTIONS, UsageError } from '../command-support.js';
import { readStixInput } from '../read-stix-input.js';
import { withHub } from '../with-hub.js';

const BATCH = 1000;

export const importCommand: CliCommand = {
  path: ['import'],
  summary: 'Import STIX objects into a collection (bundle, envelope or NDJSON; gzip accepted)',
  usage: 'cairn import FILE|- --collection ID [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      ...STORE_OPTIONS,
      collection: { type: 'string' },
    });
    const [source] = positionals;
    if (source === undefined || positionals.length > 1 || values.collection === undefined) {
      throw new UsageError('FILE (or -) and --collection are required');
    }
    const summary = await withHub(io, configFor(io, values), async (hub) => {
      const collection = (await hub.store.tenancy.listCollections()).find(
        (c) => c.id === values.collection || c.alias === values.collection,
      );
      if (collection === undefined)
        throw new HubError('CAIRN_COLLECTION_NOT_FOUND', `Cannot find collection "${values.collection}"`);
      const community = (await hub.store.tenancy.listCommunities()).find(
        (c) => c.id === collection.communityId,
      );
      const principal = await systemPrincipal(hub.store);
      let accepted = 0;
      let held = 0;
      const rejected: { id: string; version: string; message?: string }[] = [];
      const progress = io.stderr.isTTY === true && values.json !== true;
      let complete = false;
      try {
        // Same validation and write path as TAXII POST: one transaction per batch.
        for await (const batch of readStixInput(io, source, BATCH)) {
          const status = await addObjectList(hub.taxii, {
            principal,
            root: community?.name ?? '',
            collectionId: collection.id,
            objects: batch,
          });
          accepted += status.success_count;
          held += status.pending_count;
          rejected.push(...(status.failures ?? []));
          if (progress) io.stderr.write(`\rImported ${accepted} objects, rejected ${rejected.length}`);
        }
        if (progress) io.stderr.write('\n');
        complete = true;
      } finally {
        // Audited even when the input breaks off: what was accepted is in the hub.
        await hub.audit.record({
          event: 'import',
          actor: OPERATOR,
          target: { collectionId: collection.id, communityId: collection.communityId },
          details: {
            source: source === '-' ? 'stdin' : source,
            accepted,
            rejected: rejected.length,
            complete,
          },
        });
      }
      return { collection: collection.id, accepted, held, rejected: rejected.length, failures: rejected };
    });
    output(io, values.json, summary, () =>
      [
        `Accepted ${summary.accepted} objects, rejected ${summary.rejected} into collection ${summary.collection}`,
        // Held objects are stored, but wait for a reviewer (cairn review list).
        ...(summary.held > 0 ? [`Held ${summary.held} objects for personal-data review`] : []),
        ...summary.failures.map((f) => `  rejected ${f.id} (${f.version}): ${f.message ?? ''}`),
      ].join('\n'),
    );
    return summary.rejected > 0 ? EXIT.failure : EXIT.ok;
  },
};
