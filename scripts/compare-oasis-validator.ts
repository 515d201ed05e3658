/**
 * Compares Cairn's STIX 2.1 validator with the OASIS validator (oasis-open/cti-stix-validator)
 * object by object, on MUST rules only (errors; warnings never make an object invalid on
 * either side). The OASIS verdicts come from scripts/oasis-validator-results.py; see
 * docs/validation.md, "Side-by-side run with the OASIS validator".
 *
 *   npx tsx scripts/compare-oasis-validator.ts OASIS.json... [--corpus DIR] [--details] [--json OUT]
 *
 * Several OASIS.json files (the shards of `--shard K/N`) are read together. The corpus defaults
 * to ../shared/corpus.
 *
 * Cairn validates the same files the same way: a bundle with `validateBundle` (which runs
 * `validateObjectList` on its objects), a top-level list with `validateObjectList`, a single
 * object with `validateStixObject`, and medallion's data file as the list of the objects it
 * holds; indicators are checked with `createPatternChecker()`. Prints one table row per file.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createPatternChecker } from '../src/app/index.js';
import {
  type ValidationIssue,
  type ValidationOptions,
  validateBundle,
  validateObjectList,
  validateStixObject,
} from '../src/stix/index.js';

/** One record of scripts/oasis-validator-results.py. */
interface OasisRecord {
  readonly file: string;
  readonly index: number;
  readonly id: string;
  readonly type: string | null;
  readonly kind: 'object' | 'bundle' | 'file';
  readonly valid: boolean;
  readonly errors: readonly string[];
  readonly warnings: number;
  /** Several objects of the bundle share this id: OASIS messages cannot tell them apart. */
  readonly sharedId?: boolean;
}

interface CairnRecord {
  readonly index: number;
  readonly id: string;
  readonly kind: 'object' | 'bundle' | 'file';
  readonly valid: boolean;
  readonly errors: readonly string[];
}

interface Disagreement {
  readonly file: string;
  readonly index: number;
  readonly id: string;
  readonly kind: string;
  /** `oasis-only`: only OASIS rejects it; `cairn-only`: only Cairn rejects it. */
  readonly side: 'oasis-only' | 'cairn-only' | 'missing';
  readonly oasisErrors: readonly string[];
  readonly cairnErrors: readonly string[];
}

const args = process.argv.slice(2);
const details = args.includes('--details');
const flagValue = (flag: string): string | undefined => {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
};
const jsonOut = flagValue('--json');
const corpus = flagValue('--corpus') ?? join(process.cwd(), '..', 'shared', 'corpus');
const oasisPaths = args.filter(
  (a, i) => !a.startsWith('--') && !['--json', '--corpus'].includes(args[i - 1] ?? ''),
);
if (oasisPaths.length === 0) {
  console.error(
    'usage: npx tsx scripts/compare-oasis-validator.ts OASIS.json... [--corpus DIR] [--details] [--json OUT]',
  );
  process.exit(2);
}

const options: ValidationOptions = { checkPattern: createPatternChecker() };

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.json(\.gz)?$/.test(name)) yield path;
  }
}

const errorsOf = (issues: readonly ValidationIssue[]): string[] =>
  issues.filter((i) => i.severity === 'error').map((i) => `${i.code} ${i.path}: ${i.message}`);

const idOf = (o: unknown): string => {
  const id = typeof o === 'object' && o !== null ? (o as Record<string, unknown>).id : undefined;
  return typeof id === 'string' ? id : '';
};

function listRecords(objects: readonly unknown[]): CairnRecord[] {
  return validateObjectList(objects, options).map((r) => ({
    index: r.index,
    id: r.id ?? '',
    kind: 'object',
    valid: r.valid,
    errors: errorsOf(r.issues),
  }));
}

/** medallion's memory-backend file: API roots → collections → objects. */
function medallionObjects(data: Record<string, unknown>): unknown[] {
  const objects: unknown[] = [];
  for (const root of Object.values(data)) {
    const collections = (root as { collections?: unknown[] } | null)?.collections ?? [];
    for (const c of collections) objects.push(...((c as { objects?: unknown[] }).objects ?? []));
  }
  return objects;
}

function cairnRecords(path: string): CairnRecord[] {
  let data: unknown;
  try {
    const bytes = readFileSync(path);
    data = JSON.parse((path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [{ index: -1, id: '', kind: 'file', valid: false, errors: [`JSON: ${message}`] }];
  }
  if (Array.isArray(data)) return listRecords(data);
  const record = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  if (record.type === 'bundle') {
    const result = validateBundle(record, options);
    const bundleErrors = errorsOf(result.issues);
    return [
      { index: -1, id: idOf(record), kind: 'bundle', valid: bundleErrors.length === 0, errors: bundleErrors },
      ...result.objects.map((r) => ({
        index: r.index,
        id: r.id ?? '',
        kind: 'object' as const,
        valid: r.valid,
        errors: errorsOf(r.issues),
      })),
    ];
  }
  if (!('type' in record) && !('id' in record)) return listRecords(medallionObjects(record));
  const errors = errorsOf(validateStixObject(record, options));
  return [{ index: 0, id: idOf(record), kind: 'object', valid: errors.length === 0, errors }];
}

const oasis = oasisPaths.flatMap((p) => JSON.parse(readFileSync(p, 'utf8')) as OasisRecord[]);
const oasisByFile = new Map<string, OasisRecord[]>();
for (const r of oasis) oasisByFile.set(r.file, [...(oasisByFile.get(r.file) ?? []), r]);

const disagreements: Disagreement[] = [];
const rows: string[][] = [];
let compared = 0;
let agree = 0;
let bothInvalid = 0;
for (const path of walk(corpus)) {
  const file = relative(corpus, path).split('\\').join('/');
  const ours = cairnRecords(path);
  const theirs = oasisByFile.get(file) ?? [];
  oasisByFile.delete(file);
  const key = (r: { kind: string; index: number }) => `${r.kind}:${r.index}`;
  const cairnByKey = new Map(ours.map((r) => [key(r), r]));
  // A file OASIS could not read at all (fatal) is compared with Cairn's verdict on the file.
  const fileLevel = theirs.length === 1 && theirs[0]?.kind === 'file';
  let fileAgree = 0;
  const oasisOnly: string[] = [];
  const cairnOnly: string[] = [];
  for (const t of theirs) {
    let cairnValid: boolean;
    let cairnErrors: readonly string[];
    if (fileLevel) {
      cairnValid = ours.every((r) => r.valid);
      cairnErrors = ours.flatMap((r) => r.errors);
    } else if (t.sharedId === true && !t.valid) {
      // OASIS messages name the id only, so an error of one of several objects with that id is
      // given to all of them: compare with every Cairn object of that id together.
      const same = ours.filter((r) => r.kind === 'object' && r.id === t.id);
      cairnValid = same.every((r) => r.valid);
      cairnErrors = [...new Set(same.flatMap((r) => r.errors))];
    } else {
      const c = cairnByKey.get(key(t));
      if (c === undefined) {
        disagreements.push({ ...pick(t, file), side: 'missing', oasisErrors: t.errors, cairnErrors: [] });
        continue;
      }
      cairnValid = c.valid;
      cairnErrors = c.errors;
    }
    compared++;
    if (cairnValid === t.valid) {
      agree++;
      fileAgree++;
      if (!t.valid) bothInvalid++;
      continue;
    }
    const label = t.id === '' ? `${t.kind}#${t.index}` : t.id;
    (t.valid ? cairnOnly : oasisOnly).push(label);
    disagreements.push({
      ...pick(t, file),
      side: t.valid ? 'cairn-only' : 'oasis-only',
      oasisErrors: t.errors,
      cairnErrors,
    });
  }
  rows.push([file, String(theirs.length), String(fileAgree), listIds(oasisOnly), listIds(cairnOnly)]);
}
for (const file of oasisByFile.keys()) rows.push([file, 'not in corpus', '', '', '']);

function pick(t: OasisRecord, file: string) {
  return { file, index: t.index, id: t.id, kind: t.kind };
}

function listIds(all: readonly string[]): string {
  if (all.length === 0) return '';
  const ids = [...new Set(all)];
  const shown = ids.slice(0, 4).join(', ');
  return `${all.length}${ids.length < all.length ? ` (${ids.length} ids)` : ''}: ${shown}${ids.length > 4 ? ', …' : ''}`;
}

const header = ['file', 'records', 'agree', 'only OASIS rejects', 'only Cairn rejects'];
console.log(`| ${header.join(' | ')} |`);
console.log(`| ${header.map(() => '---').join(' | ')} |`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log(
  `\nfiles ${rows.length}, records compared ${compared}, agree ${agree} (both invalid ${bothInvalid}), ` +
    `disagree ${compared - agree} (only OASIS rejects ${disagreements.filter((d) => d.side === 'oasis-only').length}, ` +
    `only Cairn rejects ${disagreements.filter((d) => d.side === 'cairn-only').length}), ` +
    `unmatched ${disagreements.filter((d) => d.side === 'missing').length}`,
);
if (details) {
  for (const d of disagreements) {
    console.log(`\n${d.side} ${d.file} ${d.kind}#${d.index} ${d.id}`);
    for (const e of d.oasisErrors.slice(0, 5)) console.log(`  OASIS: ${e}`);
    for (const e of d.cairnErrors.slice(0, 5)) console.log(`  Cairn: ${e}`);
  }
}
if (jsonOut !== undefined) writeFileSync(jsonOut, JSON.stringify(disagreements, null, 1));
