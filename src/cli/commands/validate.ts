/**
 * `cairn validate FILE|DIR|-`: validates STIX 2.1 content offline (no server) and reports
 * every problem per object. Accepts bundles, single objects, TAXII envelopes, JSON lists and
 * JSON Lines; `.gz` files are decompressed; directories are walked for `.json`/`.json.gz`.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import {
  type ObjectValidationResult,
  type ValidationIssue,
  type ValidationOptions,
  validateBundle,
  validateObjectList,
} from '../../stix/index.js';
import { type CliCommand, type CliIo, EXIT } from '../cli-io.js';

const USAGE = `Usage: cairn validate [--json] [--strict] [--no-custom] FILE|DIR|-

Validates STIX 2.1 bundles, objects, TAXII envelopes or JSON Lines (.gz accepted).
A directory is walked recursively for .json and .json.gz files; "-" reads stdin.

  --json       machine-readable output (one JSON document)
  --strict     report warnings as errors
  --no-custom  reject custom objects and properties
  -h, --help   show this help

Exit status: 0 all valid, 1 an object is invalid or a file cannot be read, 2 usage error.`;

/** Per-file verdict. */
interface FileReport {
  readonly file: string;
  readonly error?: string;
  readonly issues: readonly ValidationIssue[];
  readonly objects: readonly ObjectValidationResult[];
}

/** Dependencies the composition root may inject (the pattern parser lives outside `stix/`). */
export interface ValidateCommandDeps {
  readonly checkPattern?: ValidationOptions['checkPattern'];
}

/** Builds the `validate` command; the lead wires `checkPattern` from `src/pattern` here. */
export function createValidateCommand(deps: ValidateCommandDeps = {}): CliCommand {
  return {
    path: ['validate'],
    summary: 'Validate STIX 2.1 content (files, directories or stdin) without a server',
    usage: USAGE,
    async run(args: readonly string[], io: CliIo): Promise<number> {
      let parsed: ReturnType<typeof parse>;
      try {
        parsed = parse(args);
      } catch (error) {
        io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
        return EXIT.usage;
      }
      if (parsed.values.help === true) {
        io.stdout.write(`${USAGE}\n`);
        return EXIT.ok;
      }
      if (parsed.positionals.length === 0) {
        io.stderr.write(`Missing FILE, DIR or "-"\n\n${USAGE}\n`);
        return EXIT.usage;
      }
      const options: ValidationOptions = {
        strict: parsed.values.strict === true,
        ...(deps.checkPattern === undefined ? {} : { checkPattern: deps.checkPattern }),
        ...(parsed.values['no-custom'] === true
          ? { allowCustomObjects: false, allowCustomProperties: false }
          : {}),
      };
      const reports: FileReport[] = [];
      for (const target of parsed.positionals) {
        for await (const [file, text] of sources(target, io)) reports.push(validateText(file, text, options));
      }
      const failed = reports.some(
        (r) => r.error !== undefined || r.issues.some(isError) || r.objects.some((o) => !o.valid),
      );
      io.stdout.write(
        parsed.values.json === true
          ? `${JSON.stringify({ valid: !failed, files: reports }, null, 2)}\n`
          : formatReports(reports),
      );
      return failed ? EXIT.failure : EXIT.ok;
    },
  };
}

/** The `validate` command without a pattern checker. */
export const validateCommand: CliCommand = createValidateCommand();

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      strict: { type: 'boolean' },
      'no-custom': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** Yields `[name, text]` for stdin, a file, or every .json/.json.gz file under a directory. */
async function* sources(target: string, io: CliIo): AsyncGenerator<[string, string | Error]> {
  if (target === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin)
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    yield ['-', decode(Buffer.concat(chunks))];
    return;
  }
  const path = resolve(io.cwd, target);
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    yield [
      target,
      error instanceof Error
        ? new Error(`Cannot read "${target}": ${error.message}`)
        : new Error('unreadable'),
    ];
    return;
  }
  if (!isDirectory) {
    yield [target, await readText(path)];
    return;
  }
  for (const entry of (await readdir(path, { recursive: true, withFileTypes: true })).sort(byPath)) {
    if (!entry.isFile() || !/\.json(\.gz)?$/.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    yield [join(target, file.slice(path.length + 1)), await readText(file)];
  }
}

function byPath(a: { parentPath: string; name: string }, b: { parentPath: string; name: string }): number {
  const x = join(a.parentPath, a.name);
  const y = join(b.parentPath, b.name);
  return x < y ? -1 : x > y ? 1 : 0;
}

async function readText(path: string): Promise<string | Error> {
  try {
    return decode(await readFile(path));
  } catch (error) {
    return new Error(`Cannot read "${path}": ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Decompresses gzip (magic 1f 8b) whatever the file name, then decodes UTF-8. */
function decode(bytes: Buffer): string {
  return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** Validates one document: bundle, envelope, list, single object, or JSON Lines. */
function validateText(file: string, text: string | Error, options: ValidationOptions): FileReport {
  if (text instanceof Error) return { file, error: text.message, issues: [], objects: [] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const lines = text.split('\n').filter((l) => l.trim().length > 0);
    if (lines.length < 2)
      return { file, error: `Cannot parse JSON: ${(error as Error).message}`, issues: [], objects: [] };
    const objects: unknown[] = [];
    for (const [n, line] of lines.entries()) {
      try {
        objects.push(JSON.parse(line));
      } catch (lineError) {
        return {
          file,
          error: `Cannot parse JSON on line ${n + 1}: ${(lineError as Error).message}`,
          issues: [],
          objects: [],
        };
      }
    }
    return { file, issues: [], objects: validateObjectList(objects, options) };
  }
  if (Array.isArray(data)) return { file, issues: [], objects: validateObjectList(data, options) };
  if (typeof data === 'object' && data !== null) {
    const record = data as Record<string, unknown>;
    if (record.type === 'bundle') {
      const result = validateBundle(record, options);
      return { file, issues: result.issues, objects: result.objects };
    }
    // TAXII 2.1 envelope: { more?, next?, objects: [...] } without a type.
    if (record.type === undefined && Array.isArray(record.objects)) {
      return { file, issues: [], objects: validateObjectList(record.objects, options) };
    }
  }
  return { file, issues: [], objects: validateObjectList([data], options) };
}

function isError(issue: ValidationIssue): boolean {
  return issue.severity === 'error';
}

function formatReports(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  let objects = 0;
  let invalid = 0;
  let warnings = 0;
  for (const report of reports) {
    if (report.error !== undefined) {
      lines.push(`${report.file}: ${report.error}`);
      continue;
    }
    for (const issue of report.issues) lines.push(formatIssue(report.file, '(bundle)', issue));
    for (const object of report.objects) {
      objects++;
      if (!object.valid) invalid++;
      for (const issue of object.issues) {
        if (issue.severity === 'warning') warnings++;
        lines.push(formatIssue(report.file, object.id ?? `objects[${object.index}]`, issue));
      }
    }
  }
  const failedFiles = reports.filter((r) => r.error !== undefined).length;
  lines.push(
    `${reports.length} file(s), ${objects} object(s): ${invalid} invalid, ${warnings} warning(s)` +
      (failedFiles > 0 ? `, ${failedFiles} file(s) unreadable` : ''),
  );
  return `${lines.join('\n')}\n`;
}

function formatIssue(file: string, object: string, issue: ValidationIssue): string {
  const rule = issue.checklist === undefined ? issue.code : `${issue.code} ${issue.checklist}`;
  return `${file}: ${object} ${issue.path} ${issue.severity} [${rule}] ${issue.message}`;
}
