import type {
  ComparisonExpression,
  ObjectPath,
  PathStep,
  PatternExpression,
  PrimitiveLiteral,
} from '../ast.js';
import { type IpNetwork, parseIpNetwork } from '../match/ip-network.js';
import { lastPropertyName } from '../match/resolve-path.js';
import { forEachTest } from '../walk-pattern.js';

/** A value looked up exactly: strings, numbers and booleans compare by identity in a Map. */
export type IndexValue = string | number | boolean;

interface KeyBase {
  readonly objectType: string;
  readonly steps: readonly PathStep[];
  /** `type:path` text, the slot name. */
  readonly slot: string;
}
/** `path = value` (or one value of `path IN (…)`). */
export interface EqualityKey extends KeyBase {
  readonly kind: 'eq';
  readonly value: IndexValue;
}
/** `path ISSUBSET 'cidr'`: the observed address must fall inside `network`. */
export interface NetworkKey extends KeyBase {
  readonly kind: 'net';
  readonly network: IpNetwork;
}
/** `path MATCHES 're'` when that is the whole pattern. */
export interface RegexKey extends KeyBase {
  readonly kind: 're';
  readonly source: string;
}
export type IndexKey = EqualityKey | NetworkKey | RegexKey;

/**
 * How the index stores a pattern. `keys`: at least one key is hit whenever the pattern matches,
 * so only patterns whose keys are hit need evaluating; with `exact`, a hit *is* a match and no
 * evaluation is needed. `residual`: no such keys; evaluated for every observation holding an
 * object of one of `objectTypes`.
 */
export type IndexPlan =
  | { readonly kind: 'keys'; readonly keys: readonly IndexKey[]; readonly exact: boolean }
  | { readonly kind: 'residual'; readonly objectTypes: readonly string[] };

/** Chooses how to index a pattern. */
export function planIndex(ast: PatternExpression): IndexPlan {
  const keys = patternKeys(ast);
  if (keys !== undefined && keys.length > 0) return { kind: 'keys', keys, exact: isExact(ast) };
  const types = new Set<string>();
  forEachTest(ast, (t) => types.add(t.path.objectType));
  return { kind: 'residual', objectTypes: [...types] };
}

// Necessary conditions: AND-like nodes need only one operand's keys, OR nodes need all of them.
function patternKeys(e: PatternExpression): IndexKey[] | undefined {
  switch (e.kind) {
    case 'observation':
      return comparisonKeys(e.comparison, true);
    case 'qualified':
      return patternKeys(e.expression);
    case 'observation-operator':
      return e.operator === 'OR' ? allOf(e.operands.map(patternKeys)) : bestOf(e.operands.map(patternKeys));
  }
}

function comparisonKeys(c: ComparisonExpression, alone: boolean): IndexKey[] | undefined {
  switch (c.kind) {
    case 'and':
      return bestOf(c.operands.map((o) => comparisonKeys(o, false)));
    case 'or':
      return allOf(c.operands.map((o) => comparisonKeys(o, false)));
    case 'exists':
      return undefined;
    case 'comparison': {
      if (c.negated || binaryPath(c.path.steps)) return undefined;
      const base: KeyBase = { objectType: c.path.objectType, steps: c.path.steps, slot: slotName(c.path) };
      if (c.operator === '=' && c.value.kind !== 'set') return eqKeys(base, [c.value]);
      if (c.operator === 'IN' && c.value.kind === 'set') return eqKeys(base, c.value.values);
      if (c.operator === 'ISSUBSET' && c.value.kind === 'string') {
        const network = parseIpNetwork(c.value.value);
        return network === undefined ? [] : [{ ...base, kind: 'net', network }];
      }
      if (c.operator === 'MATCHES' && alone && c.value.kind === 'string')
        return [{ ...base, kind: 're', source: c.value.value }];
      return undefined;
    }
  }
}

function eqKeys(base: KeyBase, values: readonly PrimitiveLiteral[]): IndexKey[] | undefined {
  const keys: IndexKey[] = [];
  for (const v of values) {
    if (v.kind === 'string' || v.kind === 'int' || v.kind === 'float' || v.kind === 'bool')
      // Spelled out rather than spread: object spread was a third of the add time at 1M.
      keys.push({
        kind: 'eq',
        objectType: base.objectType,
        steps: base.steps,
        slot: base.slot,
        value: v.value,
      });
    else return undefined; // timestamps and binary constants compare by conversion, not identity
  }
  return keys;
}

function allOf(parts: readonly (IndexKey[] | undefined)[]): IndexKey[] | undefined {
  if (parts.some((p) => p === undefined)) return undefined;
  return parts.flat() as IndexKey[];
}

// Prefer equality keys (hash lookups), then the fewest keys.
function bestOf(parts: readonly (IndexKey[] | undefined)[]): IndexKey[] | undefined {
  let best: IndexKey[] | undefined;
  const score = (k: IndexKey[]) => (k.some((x) => x.kind !== 'eq') ? 1000 : 0) + k.length;
  for (const p of parts) if (p !== undefined && (best === undefined || score(p) < score(best))) best = p;
  return best;
}

function binaryPath(steps: readonly PathStep[]): boolean {
  const name = lastPropertyName(steps);
  return name !== undefined && (name.endsWith('_bin') || name.endsWith('_hex'));
}

// A hit is a match when the pattern is one observation whose tests are all OR-ed key tests.
function isExact(ast: PatternExpression): boolean {
  if (ast.kind !== 'observation') return false;
  const onlyKeys = (c: ComparisonExpression): boolean =>
    c.kind === 'or'
      ? c.operands.every(onlyKeys)
      : c.kind !== 'and' && comparisonKeys(c, ast.comparison === c) !== undefined;
  return onlyKeys(ast.comparison);
}

/** A cheap, unambiguous map key for a path (NUL cannot occur in a type name). */
function slotName(path: ObjectPath): string {
  let key = path.objectType;
  for (const s of path.steps)
    key += s.kind === 'property' ? `\u0000.${s.name}` : s.kind === 'index' ? `\u0000[${s.index}` : '\u0000*';
  return key;
}
