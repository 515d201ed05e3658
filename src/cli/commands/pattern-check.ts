import { parseArgs } from 'node:util';
import { validatePattern } from '../../pattern/index.js';
import { type CliCommand, type CliIo, EXIT } from '../cli-io.js';

const USAGE = `Usage: cairn pattern check [--json] [--allow-custom] PATTERN|-

Checks a STIX 2.1 pattern (syntax and meaning). With "-", reads the pattern from stdin.
Prints "valid", or each problem with its line:column; --json prints one JSON object.
Exit status: 0 valid, 1 invalid, 2 usage error.`;

/** `cairn pattern check PATTERN|-`: validates one STIX pattern (issue 4). */
export const patternCheckCommand: CliCommand = {
  path: ['pattern', 'check'],
  summary: 'Check a STIX 2.1 pattern and report errors with their position',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(args);
    } catch (error) {
      io.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
      return EXIT.usage;
    }
    const { values, positionals } = parsed;
    if (values.help === true) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (positionals.length !== 1) {
      io.stderr.write(`Expected one pattern argument, got ${positionals.length}\n${USAGE}\n`);
      return EXIT.usage;
    }
    const arg = positionals[0] as string;
    const text = arg === '-' ? (await readAll(io.stdin)).replace(/\r?\n$/, '') : arg;
    const issues = validatePattern(text, { allowCustom: values['allow-custom'] === true });
    const valid = !issues.some((i) => i.severity === 'error');
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify({ valid, pattern: text, issues })}\n`);
    } else if (issues.length === 0) {
      io.stdout.write('valid\n');
    } else {
      if (valid) io.stdout.write('valid\n');
      const out = valid ? io.stdout : io.stderr;
      for (const i of issues) {
        const where = i.line === undefined ? '' : `${i.line}:${i.column} `;
        const text = i.code === 'PATTERN_SYNTAX' ? i.message : `${i.code}: ${i.message}`;
        out.write(`${where}${i.severity}: ${text}\n`);
      }
    }
    return valid ? EXIT.ok : EXIT.failure;
  },
};

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      'allow-custom': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
