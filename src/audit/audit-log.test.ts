import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditEntryDraft, AuditRepository } from './audit-entry.js';
import { createAuditLog } from './audit-log.js';
import { chainDrafts, EMPTY_HEAD, verifyChain } from './hash-chain.js';
import { REDACTED, sanitiseDetails } from './sanitise-details.js';

/** An in-memory repository that counts append transactions. */
function memoryRepo(): AuditRepository & { entries: AuditEntry[]; appends: number } {
  const entries: AuditEntry[] = [];
  const repo = {
    entries,
    appends: 0,
    async append(drafts: readonly AuditEntryDraft[]) {
      repo.appends++;
      const added = chainDrafts(entries.at(-1) ?? EMPTY_HEAD, drafts);
      entries.push(...added);
      return added;
    },
    list: async () => [...entries],
    tail: async () => entries.at(-1),
  };
  return repo;
}

const clock = { nowMicros: () => 1_000 };

describe('audit log service', () => {
  it('recordSoon batches events of one turn into one append and keeps their times', async () => {
    const repo = memoryRepo();
    let t = 0;
    const log = createAuditLog(repo, { clock: { nowMicros: () => ++t } });
    for (let i = 0; i < 20; i++)
      log.recordSoon({ event: 'token.use', actor: { kind: 'token', id: `t${i}` } });
    expect(repo.entries).toHaveLength(0);
    await log.flush();
    expect(repo.appends).toBe(1);
    expect(repo.entries.map((e) => e.at)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(verifyChain(repo.entries).ok).toBe(true);
  });

  it('record commits at once and returns the stored entry', async () => {
    const repo = memoryRepo();
    const log = createAuditLog(repo, { clock });
    const entry = await log.record({
      event: 'org.add',
      actor: { kind: 'operator' },
      target: { orgId: 'o1' },
    });
    expect(entry).toMatchObject({ seq: 1, at: 1_000, event: 'org.add', target: { orgId: 'o1' } });
  });

  it('recordSoon beyond the queue bound records how many events were dropped', async () => {
    const repo = memoryRepo();
    const log = createAuditLog(repo, { clock, maxPending: 3 });
    for (let i = 0; i < 5; i++) log.recordSoon({ event: 'login.failure', actor: { kind: 'anonymous' } });
    await log.flush();
    expect(repo.entries.map((e) => e.event)).toEqual([
      'login.failure',
      'login.failure',
      'login.failure',
      'audit.dropped',
    ]);
    expect(repo.entries[3]?.details).toEqual({ count: 2 });
  });

  it('recordSoon reports a failed batch and keeps going', async () => {
    const lost: number[] = [];
    const failing: AuditRepository = {
      append: async () => Promise.reject(new Error('disk full')),
      list: async () => [],
      tail: async () => undefined,
    };
    const log = createAuditLog(failing, { clock, onError: (_, n) => lost.push(n) });
    log.recordSoon({ event: 'token.use', actor: { kind: 'token' } });
    await log.flush();
    expect(lost).toEqual([1]);
  });
});

describe('sanitiseDetails', () => {
  it('sanitiseDetails withholds secret-named keys and token-shaped text', () => {
    const token = `cairn_${'a'.repeat(32)}_${'B'.repeat(43)}`;
    const clean = sanitiseDetails({
      password: 'hunter2hunter2',
      secretHash: 'scrypt$…',
      authorization: 'Basic YWRtaW46cGFzcw==',
      token,
      note: `pasted ${token} and Bearer abc.def`,
      tokenId: 'a'.repeat(32),
      count: 3,
    });
    expect(clean).toEqual({
      password: REDACTED,
      secretHash: REDACTED,
      authorization: REDACTED,
      token: REDACTED,
      note: `pasted ${REDACTED} and ${REDACTED}`,
      tokenId: 'a'.repeat(32),
      count: 3,
    });
  });

  it('sanitiseDetails bounds strings and arrays and drops values JSON cannot hold', () => {
    const clean = sanitiseDetails({
      long: 'x'.repeat(1000),
      list: Array(80).fill(1),
      nan: Number.NaN,
      u: undefined,
    });
    expect((clean.long as string).length).toBe(257);
    expect(clean.list).toHaveLength(50);
    expect(Object.keys(clean)).toEqual(['long', 'list']);
  });
});
