import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { systemPrincipal } from '../../app/index.js';
import { HubError } from '../../core/index.js';
import { observationsFromInput } from '../../matching/index.js';
import { matchPattern, parsePattern } from '../../pattern/index.js';
import { type CliCommand, EXIT } from '../cli-io.js';
import { configFor, parseCommandArgs, STORE_OPTIONS, UsageError } from '../command-support.js';
import { withHub } from '../with-hub.js';

const BATCH = 1000;

export const matchCommand: CliCommand = {
  path: ['match'],
  summary:
    'Match observations (one JSON value per line) against the indicators of collections, or one pattern',
  usage: 'cairn match (--collection ID... | --pattern P) [FILE|-]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      ...STORE_OPTIONS,
      collection: { type: 'string', multiple: true },
      pattern: { type: 'string' },
    });
    if (positionals.length > 1 || (values.collection === undefined) === (values.pattern === undefined)) {
      throw new UsageError('Give either --collection (one or more) or --pattern, and at most one input file');
    }
    const input = positionals[0] ?? '-';
    const lines = createInterface({
      input: input === '-' ? io.stdin : createReadStream(input),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    const emit = (line: number, fields: Record<string, unknown>) =>
      io.stdout.write(`${JSON.stringify({ line, ...fields })}\n`);
    let matched = 0;
    let invalid = 0;

    // Each line is evaluated on its own; an unreadable line is reported and skipped.
    const readBatches = async function* (): AsyncGenerator<{ line: number; value: unknown }[]> {
      let batch: { line: number; value: unknown }[] = [];
      let n = 0;
      for await (const text of lines) {
        n++;
        if (text.trim() === '') continue;
        try {
          batch.push({ line: n, value: JSON.parse(text) });
        } catch {
          invalid++;
          io.stderr.write(`line ${n}: not JSON\n`);
        }
        if (batch.length >= BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    };

    if (values.pattern !== undefined) {
      const ast = parsePattern(values.pattern);
      for await (const batch of readBatches()) {
        for (const { line, value } of batch) {
          try {
            if (matchPattern(ast, observationsFromInput(value), { now: Date.now() })) {
              matched++;
              emit(line, { pattern: values.pattern });
            }
          } catch (error) {
            invalid++;
            io.stderr.write(`line ${line}: ${(error as Error).message}\n`);
          }
        }
      }
    } else {
      await withHub(io, configFor(io, values), async (hub) => {
        const principal = await systemPrincipal(hub.store);
        for await (const batch of readBatches()) {
          const usable = batch.filter(({ line, value }) => {
            try {
              observationsFromInput(value);
              return true;
            } catch (error) {
              invalid++;
              io.stderr.write(`line ${line}: ${error instanceof HubError ? error.message : String(error)}\n`);
              return false;
            }
          });
          const matches = await hub.match.match({
            principal,
            collections: values.collection as string[],
            values: usable.map((b) => b.value),
            now: Date.now(),
          });
          for (const m of matches) {
            matched++;
            emit((usable[m.input] as { line: number }).line, {
              indicator: m.indicator,
              name: m.name,
              collection: m.collection,
            });
          }
        }
      });
    }
    io.stderr.write(`${matched} match(es)${invalid > 0 ? `, ${invalid} unreadable line(s)` : ''}\n`);
    return invalid > 0 ? EXIT.failure : EXIT.ok;
  },
};
