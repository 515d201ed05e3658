import { TLP_LEVELS } from '../core/index.js';
import { createIndicatorIndex, type IndicatorIndex, tryParsePattern } from '../pattern/index.js';
import { PCII_STATES, type VisibilityFilter } from '../sharing/index.js';
import { tryParseTimestamp, tryTimestampKey } from '../stix/index.js';
import type { Cursor, ObjectQuery, Store } from '../store/store.js';

/** What the index keeps about each active indicator. */
export interface IndicatorMeta {
  readonly name?: string;
  /** Epoch milliseconds. */
  readonly validFrom?: number;
  readonly validUntil?: number;
  readonly versionKey: string;
}

const SYNC_PAGE = 5000;
const ALL_VERSIONS: ObjectQuery['versions'] = { all: true, first: false, last: false, keys: [] };
// Versions held for personal-data review are not shared yet, so they match nothing; a
// review decision invalidates the index (TaxiiDeps.onDeleted) so a release is picked up.
// The reference rule is not applied here (every version counts as a visible target): which
// indicators a reader may be told about is decided per reader when results are returned,
// reference rule included, so an indicator pointing at a held object is indexed now and
// reaches readers once the target does.
const RELEASED: VisibilityFilter = {
  anyOf: [{ tlps: TLP_LEVELS, releasedOnly: true }],
  referenceTargets: [{ tlps: TLP_LEVELS }, { tlps: TLP_LEVELS, pcii: PCII_STATES }],
};

/**
 * The indicators of one collection in an {@link IndicatorIndex}, kept current by reading
 * what was added since the last sync (the collection's added order is a change feed): a
 * newer version replaces the indexed one, a revoked one removes it, an older one arriving
 * late is ignored. Validity windows are checked at match time, so expiry needs no event.
 */
export class CollectionIndicators {
  readonly index: IndicatorIndex<IndicatorMeta> = createIndicatorIndex<IndicatorMeta>();
  private watermark: Cursor | undefined;
  /** Highest version seen per id, including revoked ones, so late old versions are ignored. */
  private readonly newest = new Map<string, string>();

  constructor(
    private readonly store: Store,
    readonly collectionId: string,
  ) {}

  /** Reads every indicator version added since the last call into the index. */
  async sync(): Promise<void> {
    for (;;) {
      const page = await this.store.objects.query(this.collectionId, {
        types: ['indicator'],
        versions: ALL_VERSIONS,
        anySpecVersion: true,
        visibility: RELEASED,
        limit: SYNC_PAGE,
        ...(this.watermark === undefined ? {} : { after: this.watermark }),
      });
      for (const row of page.items) this.apply(row.json);
      const last = page.items[page.items.length - 1];
      if (last !== undefined) this.watermark = { dateAdded: last.dateAdded, seq: last.seq };
      if (!page.more) return;
    }
  }

  private apply(json: string): void {
    const o = JSON.parse(json) as Record<string, unknown>;
    const id = o.id as string;
    const versionKey = tryTimestampKey(o.modified ?? o.created) ?? '';
    const known = this.newest.get(id);
    if (known !== undefined && known >= versionKey) return;
    this.newest.set(id, versionKey);
    const ast =
      o.pattern_type === 'stix' && typeof o.pattern === 'string' ? tryParsePattern(o.pattern) : undefined;
    if (o.revoked === true || ast === undefined) {
      this.index.remove(id);
      return;
    }
    const validFrom = millis(o.valid_from);
    const validUntil = millis(o.valid_until);
    this.index.add(id, String(o.modified ?? o.created ?? ''), ast, {
      ...(typeof o.name === 'string' ? { name: o.name } : {}),
      ...(validFrom === undefined ? {} : { validFrom }),
      ...(validUntil === undefined ? {} : { validUntil }),
      versionKey,
    });
  }
}

/** Whether an indicator is active at `now` (STIX 2.1 §4.7: valid_from ≤ now < valid_until). */
export function isActive(meta: IndicatorMeta, now: number): boolean {
  return (
    (meta.validFrom === undefined || meta.validFrom <= now) &&
    (meta.validUntil === undefined || now < meta.validUntil)
  );
}

function millis(value: unknown): number | undefined {
  const parsed = tryParseTimestamp(value);
  return parsed === undefined ? undefined : parsed.epochSeconds * 1000 + Number(parsed.nanos.slice(0, 3));
}
