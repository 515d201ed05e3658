import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { CONTRACT_PCII_KEY as pciiKey } from '../contract/release-dating.contract.js';
import { describeStoreContract } from '../contract/store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'cairn-contract-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeStoreContract('sqlite (in memory)', (clock) => openSqliteStore({ path: ':memory:', clock, pciiKey }));
describeStoreContract('sqlite (file, WAL)', (clock) =>
  openSqliteStore({ path: join(dir, `store-${n++}.db`), clock, pciiKey }),
);
