import { randomUUID } from 'node:crypto';
import { OPERATOR } from '../../app/index.js';
import { HubError } from '../../core/index.js';
import { compileExportVisibility } from '../../sharing/index.js';
import type { ObjectQuery } from '../../store/index.js';
import { type CliCommand, EXIT } from '../cli-io.js';
import { configFor, parseCommandArgs, STORE_OPTIONS, UsageError } from '../command-support.js';
import { withHub } from '../with-hub.js';

const PAGE = 1000;

export const exportCommand: CliCommand = {
  path: ['export'],
  summary: 'Write every object version of a collection to standard output',
  usage: 'cairn export --collection ID [--format bundle|ndjson]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      ...STORE_OPTIONS,
      collection: { type: 'string' },
      format: { type: 'string', default: 'bundle' },
    });
    if (values.collection === undefined || positionals.length > 0)
      throw new UsageError('--collection is required');
    if (values.format !== 'bundle' && values.format !== 'ndjson')
      throw new UsageError('--format must be bundle or ndjson');
    const bundle = values.format === 'bundle';
    await withHub(io, configFor(io, values), async (hub) => {
      const collection = (await hub.store.tenancy.listCollections()).find(
        (c) => c.id === values.collection || c.alias === values.collection,
      );
      if (collection === undefined)
        throw new HubError('CAIRN_COLLECTION_NOT_FOUND', `Cannot find collection "${values.collection}"`);
      let count = 0;
      let complete = false;
      try {
        if (bundle) io.stdout.write(`{"type":"bundle","id":"bundle--${randomUUID()}","objects":[`);
        let query: ObjectQuery = {
          versions: { all: true, first: false, last: false, keys: [] },
          anySpecVersion: true,
          limit: PAGE,
          // DESIGN.md §3: an export never carries TLP:RED or content held for review.
          visibility: compileExportVisibility(),
        };
        for (;;) {
          const page = await hub.store.objects.query(collection.id, query);
          for (const o of page.items) {
            io.stdout.write(bundle ? `${count === 0 ? '' : ','}\n${o.json}` : `${o.json}\n`);
            count++;
          }
          const last = page.items[page.items.length - 1];
          if (!page.more || last === undefined) break;
          query = { ...query, after: { dateAdded: last.dateAdded, seq: last.seq } };
        }
        if (bundle) io.stdout.write('\n]}\n');
        complete = true;
      } finally {
        // Audited even when it fails halfway: what left the hub is what counts.
        await hub.audit.record({
          event: 'export',
          actor: OPERATOR,
          target: { collectionId: collection.id, communityId: collection.communityId },
          details: { format: values.format as string, count, complete },
        });
      }
    });
    return EXIT.ok;
  },
};
