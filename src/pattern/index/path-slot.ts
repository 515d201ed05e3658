import type { PathStep } from '../ast.js';
import type { IpNetwork } from '../match/ip-network.js';
import { parseIpNetwork, parseIpv4, parseIpv6Groups } from '../match/ip-network.js';
import { BloomFilter } from './bloom-filter.js';
import { addPosting, forEachPosting, type Posting, removePosting } from './posting.js';
import { RegexGroup } from './regex-group.js';

/** A key a slot stores itself (equality keys live in the index's shared EqualityTable). */
export type SlotKey =
  | { readonly kind: 'net'; readonly network: IpNetwork }
  | { readonly kind: 're'; readonly source: string };

/**
 * Everything indexed under one object path (`ipv4-addr:value`, `file:hashes.MD5`…) besides
 * equality keys, which the index keeps in one table for all slots under this slot's `id`:
 * IPv4 networks in one hash map per prefix length (an observed address is masked once per
 * length in use, at most 33 lookups), IPv6 likewise with string keys, and MATCHES expressions
 * in a {@link RegexGroup}. Entries are the index's entry numbers.
 */
export class PathSlot {
  /** Number of this slot in the equality table; never reused while the index lives. */
  readonly id: number;
  readonly objectType: string;
  /** `type:path` text. */
  readonly name: string;
  readonly steps: readonly PathStep[];
  /** Fast path for paths made of plain properties only (no index, no reference to follow). */
  readonly propertyChain: readonly string[] | undefined;
  /** Keys filed here, equality keys included. */
  size = 0;
  /** Equality keys filed here (held in the index's table). */
  eqCount = 0;
  private readonly v4 = new Map<number, Map<number, Posting<number>>>();
  private v4Lengths: number[] = [];
  /** Bloom filter over (IPv4 network, prefix length), to skip most per-length lookups. */
  private v4Filter = new BloomFilter();
  private v4Count = 0;
  private readonly v6 = new Map<number, Map<string, Posting<number>>>();
  private v6Lengths: number[] = [];
  private readonly regexes = new RegexGroup();

  constructor(id: number, objectType: string, name: string, steps: readonly PathStep[]) {
    this.id = id;
    this.objectType = objectType;
    this.name = name;
    this.steps = steps;
    const names = steps.map((s) => (s.kind === 'property' ? s.name : undefined));
    const plain = names.every((n, i) => n !== undefined && (i === names.length - 1 || !/_refs?$/.test(n)));
    this.propertyChain = plain ? (names as string[]) : undefined;
  }

  /** Whether probing a string here can hit anything besides equality keys. */
  get hasNonEquality(): boolean {
    return this.size > this.eqCount;
  }

  /** Counts an equality key filed in the shared table under this slot. */
  addEquality(): void {
    this.size++;
    this.eqCount++;
  }

  /** Counts an equality key taken out of the shared table. */
  removeEquality(): void {
    this.size--;
    this.eqCount--;
  }

  add(key: SlotKey, entry: number): void {
    this.size++;
    if (key.kind === 're') {
      this.regexes.add(key.source, entry);
      return;
    }
    const { family, network, prefix } = key.network;
    const maps = family === 4 ? this.v4 : this.v6;
    let byNet = maps.get(prefix);
    if (byNet === undefined) {
      byNet = new Map();
      maps.set(prefix, byNet as never);
      if (family === 4) this.v4Lengths = [...this.v4.keys()].sort((a, b) => a - b);
      else this.v6Lengths = [...this.v6.keys()].sort((a, b) => a - b);
    }
    if (family === 4) {
      addPosting(byNet as Map<number, Posting<number>>, Number(network), entry);
      this.v4Count++;
      if (!this.v4Filter.addHash(BloomFilter.networkHash(Number(network), prefix))) this.rebuildV4Filter();
    } else addPosting(byNet as Map<string, Posting<number>>, v6Key(bigintGroups(network), prefix), entry);
  }

  remove(key: SlotKey, entry: number): void {
    this.size--;
    if (key.kind === 're') {
      this.regexes.remove(key.source, entry);
      return;
    }
    const { family, network, prefix } = key.network;
    if (family === 4) {
      const byNet = this.v4.get(prefix);
      if (byNet !== undefined) removePosting(byNet, Number(network), entry);
    } else {
      const byNet = this.v6.get(prefix);
      if (byNet !== undefined) removePosting(byNet, v6Key(bigintGroups(network), prefix), entry);
    }
  }

  /** Calls `hit` for every entry whose network or MATCHES key the observed string satisfies. */
  probe(value: string, hit: (entry: number) => void): void {
    if (this.v4Lengths.length > 0 || this.v6Lengths.length > 0) this.probeNetworks(value, hit);
    if (this.regexes.size > 0) this.regexes.probe(value, hit);
  }

  private probeNetworks(value: string, hit: (entry: number) => void): void {
    const plain = this.v4Lengths.length > 0 && value.indexOf('/') < 0 ? parseIpv4(value) : undefined;
    if (plain !== undefined) {
      for (const len of this.v4Lengths) {
        const shift = 32 - len;
        const masked = shift === 32 ? 0 : ((plain >>> shift) << shift) >>> 0;
        if (!this.v4Filter.mightContainHash(BloomFilter.networkHash(masked, len))) continue;
        forEachPosting(this.v4.get(len) as Map<number, Posting<number>>, masked, hit);
      }
      return;
    }
    if (this.v6Lengths.length > 0 && value.indexOf('/') < 0 && value.indexOf(':') >= 0) {
      const groups = parseIpv6Groups(value);
      if (groups === undefined) return;
      for (const len of this.v6Lengths)
        forEachPosting(this.v6.get(len) as Map<string, Posting<number>>, v6Key(groups, len), hit);
      return;
    }
    const net = parseIpNetwork(value);
    if (net === undefined) return;
    // ISSUBSET: the observed block must lie inside the indicator's, so only shorter-or-equal prefixes.
    const lengths = net.family === 4 ? this.v4Lengths : this.v6Lengths;
    const width = net.family === 4 ? 32n : 128n;
    for (const len of lengths) {
      if (len > net.prefix) break;
      const shift = width - BigInt(len);
      const masked = (net.network >> shift) << shift;
      if (net.family === 4)
        forEachPosting(this.v4.get(len) as Map<number, Posting<number>>, Number(masked), hit);
      else
        forEachPosting(
          this.v6.get(len) as Map<string, Posting<number>>,
          v6Key(bigintGroups(masked), len),
          hit,
        );
    }
  }

  private rebuildV4Filter(): void {
    const filter = new BloomFilter(this.v4Count * 2);
    for (const [len, byNet] of this.v4)
      for (const net of byNet.keys()) filter.addHash(BloomFilter.networkHash(net, len));
    this.v4Filter = filter;
  }
}

function bigintGroups(n: bigint): number[] {
  const out: number[] = [];
  for (let i = 7; i >= 0; i--) out.push(Number((n >> BigInt(i * 16)) & 0xffffn));
  return out;
}

/** The first `prefix` bits of an IPv6 address as a map key (whole groups, then the masked one). */
function v6Key(groups: readonly number[], prefix: number): string {
  let key = `${prefix}`;
  const whole = prefix >>> 4;
  for (let i = 0; i < whole; i++) key += `:${groups[i]}`;
  const rest = prefix & 15;
  if (rest > 0) key += `:${((groups[whole] as number) >>> (16 - rest)) << (16 - rest)}`;
  return key;
}
