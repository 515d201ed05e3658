import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { HubError } from '../core/index.js';
import type { CliIo } from './cli-io.js';

/**
 * STIX objects from a file or standard input, in batches: a bundle or TAXII envelope (one
 * JSON document with "objects"), a single object, or one JSON object per line. Gzip is
 * recognised by its magic bytes.
 */
export async function* readStixInput(
  io: CliIo,
  source: string,
  batchSize: number,
): AsyncGenerator<unknown[]> {
  const raw: NodeJS.ReadableStream = source === '-' ? io.stdin : createReadStream(source);
  const stream = await maybeGunzip(raw);
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let batch: unknown[] = [];
  let document: string[] | undefined;
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (document !== undefined) {
      document.push(line);
      continue;
    }
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const value = tryJson(trimmed);
    if (value === undefined) {
      // Not one object per line: the whole input is one (pretty-printed) JSON document.
      document = [line];
      continue;
    }
    batch.push(...objectsOf(value, lineNo));
    while (batch.length >= batchSize) yield batch.splice(0, batchSize);
  }
  if (document !== undefined) {
    const value = tryJson(document.join('\n'));
    if (value === undefined)
      throw new HubError(
        'CAIRN_INVALID_INPUT',
        `The input "${source}" is neither JSON nor one JSON object per line`,
      );
    batch = [...batch, ...objectsOf(value, 1)];
  }
  for (let i = 0; i < batch.length; i += batchSize) yield batch.slice(i, i + batchSize);
}

function objectsOf(value: unknown, lineNo: number): unknown[] {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const objects = (value as { objects?: unknown }).objects;
    if (Array.isArray(objects)) return objects;
    return [value];
  }
  throw new HubError(
    'CAIRN_INVALID_INPUT',
    `Line ${lineNo} holds JSON that is not an object, a bundle or an envelope`,
  );
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function maybeGunzip(stream: NodeJS.ReadableStream): Promise<NodeJS.ReadableStream> {
  const iterator = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return Readable.from([]);
  const head = typeof first.value === 'string' ? Buffer.from(first.value) : first.value;
  const rest = Readable.from(
    (async function* () {
      yield head;
      for (let r = await iterator.next(); !r.done; r = await iterator.next()) yield r.value;
    })(),
  );
  return head[0] === 0x1f && head[1] === 0x8b ? rest.pipe(createGunzip()) : rest;
}
