import { tryTimestampKey } from '../../stix/index.js';
import type { ComparisonExpression, ComparisonNode, PrimitiveLiteral } from '../ast.js';
import { isSubnetOf, parseIpNetwork } from './ip-network.js';
import { matchesLike } from './like.js';
import type { RegexCache } from './regex-cache.js';
import { lastPropertyName, type ObjectsByRef, resolvePath } from './resolve-path.js';

/** What a comparison needs besides the object: the observation's objects and the regex cache. */
export interface ComparisonContext {
  readonly objects: ObjectsByRef;
  readonly regexes: RegexCache;
}

/**
 * Evaluates the comparison expression of one `[…]` against one root object (STIX 2.1 §9.6):
 * every test starts from the same object; a test on another object type is false.
 */
export function evaluateComparison(
  c: ComparisonExpression,
  root: Readonly<Record<string, unknown>>,
  ctx: ComparisonContext,
): boolean {
  switch (c.kind) {
    case 'and':
      return c.operands.every((o) => evaluateComparison(o, root, ctx));
    case 'or':
      return c.operands.some((o) => evaluateComparison(o, root, ctx));
    case 'exists': {
      if (root.type !== c.path.objectType) return false;
      const found = resolvePath(root, c.path.steps, ctx.objects).length > 0;
      return c.negated ? !found : found;
    }
    case 'comparison': {
      if (root.type !== c.path.objectType) return false;
      // STIX 2.1 §9.6: a missing property makes the test false whatever the operator (also with NOT).
      const values = resolvePath(root, c.path.steps, ctx.objects);
      const encoding = binaryEncoding(lastPropertyName(c.path.steps));
      // NOT negates the test of each selected value, then any value may satisfy it (as [*] does).
      return values.some((v) => testValue(c, v, encoding, ctx) !== c.negated);
    }
  }
}

type Encoding = 'base64' | 'hex' | undefined;

function binaryEncoding(name: string | undefined): Encoding {
  if (name?.endsWith('_bin')) return 'base64';
  if (name?.endsWith('_hex')) return 'hex';
  return undefined;
}

/** Tests one property value against the comparison's constant. */
export function testValue(
  c: ComparisonNode,
  value: unknown,
  encoding: Encoding,
  ctx: ComparisonContext,
): boolean {
  const lit = c.value;
  switch (c.operator) {
    case 'IN':
      return lit.kind === 'set' && lit.values.some((v) => order(value, v, encoding) === 0);
    case '=':
    case '!=': {
      if (lit.kind === 'set') return c.operator === '!=';
      const cmp = order(value, lit, encoding);
      // STIX 2.1 §9.6: incompatible types are unequal, so `!=` is true for them.
      return c.operator === '=' ? cmp === 0 : cmp !== 0;
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (lit.kind === 'set' || lit.kind === 'bool' || typeof value === 'boolean') return false;
      const cmp = order(value, lit, encoding);
      if (Number.isNaN(cmp)) return false;
      if (c.operator === '<') return cmp < 0;
      if (c.operator === '<=') return cmp <= 0;
      return c.operator === '>' ? cmp > 0 : cmp >= 0;
    }
    case 'LIKE':
    case 'MATCHES': {
      if (lit.kind !== 'string') return false;
      const subject = textOf(value, encoding);
      if (subject === undefined) return false;
      if (c.operator === 'LIKE') return matchesLike(subject, lit.value.normalize('NFC'));
      const re = ctx.regexes.get(lit.value);
      return re.ok && re.regex.test(subject);
    }
    case 'ISSUBSET':
    case 'ISSUPERSET': {
      if (lit.kind !== 'string' || typeof value !== 'string') return false;
      const prop = parseIpNetwork(value);
      const constant = parseIpNetwork(lit.value);
      if (prop === undefined || constant === undefined) return false;
      return c.operator === 'ISSUBSET' ? isSubnetOf(prop, constant) : isSubnetOf(constant, prop);
    }
  }
}

// STIX 2.1 §9.6.1: strings are NFC-normalised for LIKE/MATCHES; binary values are matched as
// octets (one character per byte, no Unicode semantics).
function textOf(value: unknown, encoding: Encoding): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (encoding === undefined) return value.normalize('NFC');
  const bytes = decode(value, encoding);
  if (bytes === undefined) return undefined;
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

/**
 * Orders a property value against a constant: negative, zero, positive, or NaN when the types
 * cannot be compared (STIX 2.1 §9.6.1 "native format" rules).
 */
export function order(value: unknown, lit: PrimitiveLiteral, encoding: Encoding): number {
  switch (lit.kind) {
    case 'int':
    case 'float':
      return typeof value === 'number' ? Math.sign(value - lit.value) : Number.NaN;
    case 'bool':
      return typeof value === 'boolean' ? (value === lit.value ? 0 : Number.NaN) : Number.NaN;
    case 'timestamp': {
      const key = tryTimestampKey(value);
      const litKey = tryTimestampKey(lit.value);
      return key === undefined || litKey === undefined ? Number.NaN : compareCodePoints(key, litKey);
    }
    case 'string':
      if (typeof value !== 'string') return Number.NaN;
      if (encoding === undefined) return compareCodePoints(value, lit.value);
      return compareBytes(decode(value, encoding), latin1Bytes(lit.value));
    case 'hex':
    case 'binary': {
      if (typeof value !== 'string') return Number.NaN;
      const mine = encoding === undefined ? latin1Bytes(value) : decode(value, encoding);
      return compareBytes(mine, decode(lit.value, lit.kind === 'hex' ? 'hex' : 'base64'));
    }
  }
}

/** Compares strings by Unicode code point (JS `<` compares UTF-16 units, which differs above U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function compareBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): number {
  if (a === undefined || b === undefined) return Number.NaN;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return Math.sign(d);
  }
  return Math.sign(a.length - b.length);
}

// STIX 2.1 §9.6.1: a string becomes bytes only when every code point is below U+0100.
function latin1Bytes(text: string): Uint8Array | undefined {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) return undefined;
    out[i] = c;
  }
  return out;
}

function decode(text: string, encoding: 'base64' | 'hex'): Uint8Array | undefined {
  if (encoding === 'hex') {
    if (!/^(?:[0-9a-fA-F]{2})*$/.test(text)) return undefined;
    return Uint8Array.from(Buffer.from(text, 'hex'));
  }
  const clean = text.replace(/[\r\n]/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(clean)) return undefined;
  return Uint8Array.from(Buffer.from(clean, 'base64'));
}
