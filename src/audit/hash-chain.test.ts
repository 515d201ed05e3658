import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditEntryDraft } from './audit-entry.js';
import { canonicalJson } from './canonical-json.js';
import { chainDrafts, EMPTY_HEAD, GENESIS_HASH, hashRecord, verifyChain } from './hash-chain.js';

const draft = (n: number): AuditEntryDraft => ({
  at: 1_700_000_000_000_000 + n,
  event: n % 2 === 0 ? 'login.success' : 'token.use',
  actor: { kind: 'user', id: `u${n}`, name: `user-${n}`, address: '127.0.0.1' },
  target: { collectionId: `c${n}` },
  details: { n, nested: { list: [1, 'two', null, true] } },
});

const chain = (n: number): AuditEntry[] =>
  chainDrafts(
    EMPTY_HEAD,
    Array.from({ length: n }, (_, i) => draft(i + 1)),
  );

describe('canonicalJson', () => {
  it('canonicalJson sorts keys and drops whitespace whatever the insertion order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 'x'], c: null } })).toBe('{"a":{"c":null,"d":[2,"x"]},"b":1}');
    expect(canonicalJson({ a: { c: null, d: [2, 'x'] }, b: 1 })).toBe(
      canonicalJson({ b: 1, a: { d: [2, 'x'], c: null } }),
    );
  });

  it('canonicalJson rejects numbers JSON cannot carry', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(TypeError);
  });
});

describe('hash chain', () => {
  it('chainDrafts numbers entries from 1 and chains the first from the genesis hash', () => {
    const entries = chain(3);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    const [first, second] = entries as [AuditEntry, AuditEntry];
    expect(first.hash).toBe(hashRecord(GENESIS_HASH, first));
    expect(second.hash).toBe(hashRecord(first.hash, second));
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verifyChain accepts an intact chain and reports its head', () => {
    const entries = chain(5);
    expect(verifyChain(entries)).toEqual({ ok: true, checked: 5, head: { seq: 5, hash: entries[4]?.hash } });
    expect(verifyChain([])).toEqual({ ok: true, checked: 0, head: EMPTY_HEAD });
  });

  it('verifyChain continues from a verified head, page by page', () => {
    const entries = chain(6);
    const first = verifyChain(entries.slice(0, 3));
    expect(first.ok).toBe(true);
    expect(verifyChain(entries.slice(3), first.head)).toMatchObject({ ok: true, checked: 3 });
  });

  it('verifyChain detects an entry whose details were changed, at its seq', () => {
    const entries = chain(5);
    const tampered = entries.map((e) => (e.seq === 3 ? { ...e, details: { ...e.details, n: 99 } } : e));
    expect(verifyChain(tampered)).toMatchObject({ ok: false, seq: 3, reason: 'changed', checked: 2 });
  });

  it('verifyChain detects a change of the actor, the event or the time', () => {
    const entries = chain(4);
    const edits: ((e: AuditEntry) => AuditEntry)[] = [
      (e) => ({ ...e, actor: { ...e.actor, address: '10.0.0.1' } }),
      (e) => ({ ...e, event: 'login.failure' }),
      (e) => ({ ...e, at: e.at + 1 }),
      (e) => ({ ...e, target: {} }),
    ];
    for (const edit of edits) {
      const tampered = entries.map((e) => (e.seq === 2 ? edit(e) : e));
      expect(verifyChain(tampered)).toMatchObject({ ok: false, seq: 2, reason: 'changed' });
    }
  });

  it('verifyChain detects an entry rehashed in place, at the entry after it', () => {
    const entries = chain(5);
    const forged = { ...(entries[2] as AuditEntry), details: { forged: true } };
    const rehashed = { ...forged, hash: hashRecord((entries[1] as AuditEntry).hash, forged) };
    const tampered = entries.map((e) => (e.seq === 3 ? rehashed : e));
    expect(verifyChain(tampered)).toMatchObject({ ok: false, seq: 4, reason: 'changed' });
  });

  it('verifyChain detects a deleted entry, naming the missing seq', () => {
    const entries = chain(5).filter((e) => e.seq !== 3);
    expect(verifyChain(entries)).toMatchObject({ ok: false, seq: 3, reason: 'missing', checked: 2 });
  });

  it('verifyChain detects the first entry deleted', () => {
    expect(verifyChain(chain(3).slice(1))).toMatchObject({ ok: false, seq: 1, reason: 'missing' });
  });

  it('verifyChain detects two swapped entries, at the first displaced seq', () => {
    const e = chain(5);
    const swapped = [e[0], e[1], e[3], e[2], e[4]] as AuditEntry[];
    expect(verifyChain(swapped)).toMatchObject({ ok: false, seq: 3, reason: 'out-of-order', checked: 2 });
  });

  it('verifyChain detects swapped contents that keep the seq order, at the first changed seq', () => {
    const e = chain(5);
    const [c, d] = [e[2] as AuditEntry, e[3] as AuditEntry];
    const swapped = [e[0], e[1], { ...d, seq: 3 }, { ...c, seq: 4 }, e[4]] as AuditEntry[];
    expect(verifyChain(swapped)).toMatchObject({ ok: false, seq: 3, reason: 'changed' });
  });

  it('verifyChain detects an inserted entry, correctly hashed or not', () => {
    const e = chain(5);
    const extra: AuditEntry = { ...draft(42), seq: 3, hash: '0'.repeat(64) };
    const inserted = [e[0], e[1], extra, ...e.slice(2)] as AuditEntry[];
    expect(verifyChain(inserted)).toMatchObject({ ok: false, seq: 3, reason: 'changed' });
    const wellHashed = { ...extra, hash: hashRecord((e[1] as AuditEntry).hash, extra) };
    const sneaky = [e[0], e[1], wellHashed, ...e.slice(2)] as AuditEntry[];
    expect(verifyChain(sneaky)).toMatchObject({ ok: false, seq: 3, reason: 'inserted', checked: 3 });
  });
});

describe('GENESIS_HASH', () => {
  it('GENESIS_HASH is the documented constant (docs/audit.md)', () => {
    expect(GENESIS_HASH).toBe('a43ec3597ea2c034c3830271e4b8145359dadfa1529eee85c1650c319ebc9644');
  });
});
