/**
 * IPv4/IPv6 addresses and CIDR blocks as integers, for ISSUBSET/ISSUPERSET (STIX 2.1 §9.6.1)
 * and for the indicator index's prefix maps. A bare address is a /32 (IPv4) or /128 (IPv6)
 * block, as STIX 2.1 §6.4/§6.5 allow the suffix to be omitted.
 */
export interface IpNetwork {
  readonly family: 4 | 6;
  /** The address with host bits cleared. */
  readonly network: bigint;
  readonly prefix: number;
}

const V4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses `a.b.c.d` to an unsigned 32-bit number, or undefined. */
export function parseIpv4(text: string): number | undefined {
  const m = V4_RE.exec(text);
  if (m === null) return undefined;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const part = m[i] as string;
    if (part.length > 1 && part[0] === '0') return undefined;
    const v = Number(part);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/** Parses an IPv6 address (RFC 4291 text forms, incl. `::` and a dotted IPv4 tail) to a bigint. */
export function parseIpv6(text: string): bigint | undefined {
  const groups = parseIpv6Groups(text);
  if (groups === undefined) return undefined;
  let n = 0n;
  for (const g of groups) n = (n << 16n) | BigInt(g);
  return n;
}

/** Parses an IPv6 address to its eight 16-bit groups, or undefined. */
export function parseIpv6Groups(text: string): number[] | undefined {
  if (text.length > 45) return undefined;
  const head: number[] = [];
  const tail: number[] = [];
  let target = head;
  let gap = false;
  let i = 0;
  if (text.startsWith('::')) {
    gap = true;
    target = tail;
    i = 2;
  }
  while (i < text.length) {
    let j = i;
    let value = 0;
    while (j < text.length && j - i < 4) {
      const d = hexDigit(text.charCodeAt(j));
      if (d < 0) break;
      value = value * 16 + d;
      j++;
    }
    if (text[j] === '.') {
      // Dotted IPv4 tail: the last 32 bits.
      const v4 = parseIpv4(text.slice(i));
      if (v4 === undefined) return undefined;
      target.push(v4 >>> 16, v4 & 0xffff);
      i = text.length;
      break;
    }
    if (j === i) return undefined;
    target.push(value);
    if (j === text.length) {
      i = j;
      break;
    }
    if (text[j] !== ':') return undefined;
    if (text[j + 1] === ':') {
      if (gap) return undefined;
      gap = true;
      target = tail;
      i = j + 2;
      if (i === text.length) break;
    } else {
      i = j + 1;
      if (i === text.length) return undefined;
    }
  }
  const missing = 8 - head.length - tail.length;
  if (gap ? missing < 1 : missing !== 0) return undefined;
  return gap ? [...head, ...new Array<number>(missing).fill(0), ...tail] : head;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Parses `addr` or `addr/prefix` (IPv4 or IPv6); host bits are cleared. */
export function parseIpNetwork(text: string): IpNetwork | undefined {
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const v4 = parseIpv4(addr);
  if (v4 !== undefined) {
    const prefix = prefixText === undefined ? 32 : Number(prefixText);
    if (prefix > 32) return undefined;
    return { family: 4, network: maskBits(BigInt(v4), 32, prefix), prefix };
  }
  const v6 = parseIpv6(addr);
  if (v6 === undefined) return undefined;
  const prefix = prefixText === undefined ? 128 : Number(prefixText);
  if (prefix > 128) return undefined;
  return { family: 6, network: maskBits(v6, 128, prefix), prefix };
}

function maskBits(value: bigint, width: number, prefix: number): bigint {
  const hostBits = BigInt(width - prefix);
  return (value >> hostBits) << hostBits;
}

/** True when `inner` lies inside `outer` (identical blocks count, STIX 2.1 §9.6.1). */
export function isSubnetOf(inner: IpNetwork, outer: IpNetwork): boolean {
  if (inner.family !== outer.family || inner.prefix < outer.prefix) return false;
  return maskBits(inner.network, inner.family === 4 ? 32 : 128, outer.prefix) === outer.network;
}
