import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.js';
import { exportCommand } from '../../src/cli/commands/export.js';
import { TLP2_MARKING_IDS } from '../../src/sharing/index.js';
import { startTestHub, type TestHub } from '../helpers/create-test-hub.js';
import { indicator } from '../helpers/stix-fixtures.js';

/** DESIGN.md §3: TLP:RED never reaches exports, whoever runs them. */
describe('cairn export and the sharing rules', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('exports every shareable version and no TLP:RED one', async () => {
    const red = indicator({ object_marking_refs: [TLP2_MARKING_IDS.red] });
    const amber = indicator({ object_marking_refs: [TLP2_MARKING_IDS.amber] });
    const green = indicator({ object_marking_refs: [TLP2_MARKING_IDS.green] });
    const post = await t.request('POST', `/hub/collections/${t.collectionId}/objects/`, {
      body: { objects: [red, amber, green] },
    });
    expect(post.json.success_count).toBe(3);
    let out = '';
    const io: CliIo = {
      stdout: { write: (text: string) => (out += text) },
      stderr: { write: () => true },
      stdin: Readable.from([]),
      // The export opens the hub's own store: the data directory, or its PostgreSQL database.
      env: t.hub.config.databaseUrl === undefined ? {} : { CAIRN_DATABASE_URL: t.hub.config.databaseUrl },
      cwd: process.cwd(),
    };
    const code = await exportCommand.run(
      ['--data', t.dataDir, '--collection', t.collectionId, '--format', 'ndjson'],
      io,
    );
    expect(code).toBe(0);
    const ids = out
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: string }).id);
    expect(ids).toContain(amber.id);
    expect(ids).toContain(green.id);
    expect(ids).not.toContain(red.id);
  });
});
