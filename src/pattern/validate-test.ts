import { isTimestamp } from '../stix/index.js';
import type { ComparisonNode, ExistsNode, PrimitiveLiteral } from './ast.js';
import { parseIpNetwork } from './match/ip-network.js';
import { compileRegex } from './match/regex-cache.js';
import type { PatternObjectModel, PropertyKind } from './object-model.js';
import { badPropertyNames } from './validate-property-names.js';

/** A finding without position; the caller adds the node's position. */
export interface Finding {
  readonly code: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

const HASH_LENGTHS: Readonly<Record<string, number>> = {
  MD5: 32,
  'SHA-1': 40,
  'SHA-256': 64,
  'SHA-512': 128,
  'SHA3-256': 64,
  'SHA3-512': 128,
};
const HASH_ALGORITHMS = new Set([...Object.keys(HASH_LENGTHS), 'SSDEEP', 'TLSH']);
const NOT_ORDERABLE: ReadonlySet<string> = new Set([
  'boolean',
  'list',
  'object',
  'dictionary',
  'hashes',
  'extensions',
]);
const NOT_TEXT: ReadonlySet<string> = new Set([
  'integer',
  'float',
  'boolean',
  'list',
  'object',
  'dictionary',
  'hashes',
  'extensions',
]);

/** Semantic checks of one comparison or EXISTS test (STIX 2.1 §9.6, §9.7; checklist 18.3–18.5). */
export function checkTest(
  t: ComparisonNode | ExistsNode,
  model: PatternObjectModel | undefined,
  allowCustom: boolean,
): Finding[] {
  const out: Finding[] = [];
  const err = (code: string, message: string) => out.push({ code, message, severity: 'error' });
  const warn = (code: string, message: string) => out.push({ code, message, severity: 'warning' });
  const { objectType, steps } = t.path;
  for (const s of steps)
    if (s.kind === 'index' && s.index < 0)
      warn('PATTERN_NEGATIVE_INDEX', `List index ${s.index} never selects an element`);
  let kind: PropertyKind | 'unknown' | undefined;
  if (model !== undefined) {
    // S142/S156: an error even where custom content is allowed, as on an object.
    for (const name of badPropertyNames(objectType, steps, model)) {
      err(
        'PATTERN_PROPERTY_NAME',
        `Custom property name "${name}" must be 3-250 characters of a-z, 0-9 or "_" (checklist S142)`,
      );
    }
    if (!model.hasType(objectType)) {
      const custom = objectType.startsWith('x-');
      if (!(allowCustom && custom)) {
        (allowCustom ? warn : err)(
          'PATTERN_UNKNOWN_TYPE',
          `Unknown Cyber-observable object type "${objectType}"`,
        );
      }
    } else {
      kind = model.propertyKind(objectType, steps);
      if (kind === 'unknown') {
        const custom = steps.some(
          (s) => s.kind === 'property' && (s.name.startsWith('x_') || s.name.startsWith('x-')),
        );
        if (!(allowCustom && custom)) {
          (allowCustom ? warn : err)(
            'PATTERN_UNKNOWN_PROPERTY',
            `Unknown property path "${pathText(t)}" for type "${objectType}"`,
          );
        }
        kind = undefined;
      }
    }
  }
  if (t.kind === 'exists') return out;
  const lit = t.value;
  const values = lit.kind === 'set' ? lit.values : [lit];
  for (const v of values)
    if (v.kind === 'timestamp' && !isTimestamp(v.value))
      err('PATTERN_BAD_TIMESTAMP', `Timestamp ${v.value} is not a valid date and time`);
  checkHash(t, values, err, warn);
  switch (t.operator) {
    case 'ISSUBSET':
    case 'ISSUPERSET': {
      // STIX 2.1 §9.6.1: the path MUST be the value of an ipv4-addr/ipv6-addr.
      const last = steps[steps.length - 1];
      const viaRef = steps.some((s) => s.kind === 'property' && /_refs?$/.test(s.name));
      const isAddr = objectType === 'ipv4-addr' || objectType === 'ipv6-addr' || viaRef;
      if (!isAddr || last?.kind !== 'property' || last.name !== 'value') {
        err('PATTERN_OPERATOR_TYPE', `${t.operator} applies only to the value of an ipv4-addr or ipv6-addr`);
      }
      if (lit.kind === 'string' && parseIpNetwork(lit.value) === undefined)
        err('PATTERN_BAD_CIDR', `"${lit.value}" is not an IP address or CIDR block`);
      break;
    }
    case 'MATCHES': {
      if (lit.kind === 'string') {
        const re = compileRegex(lit.value);
        if (!re.ok) err('PATTERN_BAD_REGEX', `Invalid regular expression "${lit.value}": ${re.message}`);
      }
      if (kind !== undefined && NOT_TEXT.has(kind))
        err('PATTERN_OPERATOR_TYPE', `MATCHES cannot apply to a ${kind} property`);
      break;
    }
    case 'LIKE':
      if (kind !== undefined && NOT_TEXT.has(kind))
        err('PATTERN_OPERATOR_TYPE', `LIKE cannot apply to a ${kind} property`);
      if (lit.kind === 'string' && lit.value !== lit.value.normalize('NFC'))
        warn('PATTERN_LIKE_NOT_NFC', 'LIKE constant is not NFC-normalised');
      break;
    case '<':
    case '<=':
    case '>':
    case '>=':
      if (kind !== undefined && NOT_ORDERABLE.has(kind))
        err('PATTERN_OPERATOR_TYPE', `${t.operator} cannot apply to a ${kind} property`);
      break;
    case 'IN':
      if (lit.kind === 'set' && lit.values.length === 0)
        warn('PATTERN_EMPTY_SET', 'IN with an empty set never matches');
      if (
        lit.kind === 'set' &&
        new Set(lit.values.map((v) => (v.kind === 'float' ? 'int' : v.kind))).size > 1
      ) {
        warn('PATTERN_MIXED_SET', 'IN set mixes constants of different types');
      }
      break;
    default:
      break;
  }
  const known = kind;
  if (known !== undefined && known !== 'unknown') for (const v of values) checkLiteralKind(v, known, warn);
  return out;
}

// STIX 2.1 §9.6: a constant of another type never equals the property (so the test is dead).
function checkLiteralKind(
  v: PrimitiveLiteral,
  kind: PropertyKind,
  warn: (c: string, m: string) => void,
): void {
  const fits: Record<PrimitiveLiteral['kind'], readonly string[]> = {
    string: ['string', 'open-vocab', 'enum', 'hex', 'binary', 'timestamp', 'ref', 'identifier', 'any'],
    int: ['integer', 'float', 'any'],
    float: ['integer', 'float', 'any'],
    bool: ['boolean', 'any'],
    timestamp: ['timestamp', 'any'],
    hex: ['hex', 'binary', 'string', 'any'],
    binary: ['hex', 'binary', 'string', 'any'],
  };
  if (['list', 'object', 'dictionary', 'hashes', 'extensions'].includes(kind)) {
    warn(
      'PATTERN_LIST_WITHOUT_INDEX',
      `A property of kind ${kind} is compared as a whole; use an index, [*] or a key`,
    );
  } else if (!fits[v.kind].includes(kind)) {
    warn(
      'PATTERN_LITERAL_TYPE',
      `A constant of type ${v.kind} is compared with a property of kind ${kind} and never equals it`,
    );
  }
}

function checkHash(
  t: ComparisonNode,
  values: readonly PrimitiveLiteral[],
  err: (c: string, m: string) => void,
  warn: (c: string, m: string) => void,
): void {
  const steps = t.path.steps;
  const key = steps[steps.length - 1];
  const parent = steps[steps.length - 2];
  if (key?.kind !== 'property' || parent?.kind !== 'property' || parent.name !== 'hashes') return;
  if (!HASH_ALGORITHMS.has(key.name) && !key.name.startsWith('x_')) {
    warn(
      'PATTERN_HASH_ALGORITHM',
      `Hash algorithm "${key.name}" is not in hash-algorithm-ov (checklist B12)`,
    );
  }
  const length = HASH_LENGTHS[key.name];
  if (length === undefined || (t.operator !== '=' && t.operator !== '!=' && t.operator !== 'IN')) return;
  for (const v of values) {
    if (v.kind === 'string' && !new RegExp(`^[0-9a-fA-F]{${length}}$`).test(v.value)) {
      err('PATTERN_BAD_HASH', `"${v.value}" is not a valid ${key.name} hash`);
    }
  }
}

function pathText(t: ComparisonNode | ExistsNode): string {
  return t.path.steps
    .map((s) => (s.kind === 'property' ? s.name : s.kind === 'index' ? `[${s.index}]` : '[*]'))
    .join('.');
}
