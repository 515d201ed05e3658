import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/** One Server-Sent Event as a client sees it (comments are kept apart). */
export interface SseEvent {
  readonly event: string;
  readonly data: string;
  /** The id field of this event, when it had one. */
  readonly id?: string;
}

export interface SseStream {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The body of a refused stream (status ≠ 200), parsed as JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON error shapes.
  readonly error: any;
  /** Events received so far, in order (id-only events included, with empty data). */
  readonly events: SseEvent[];
  /** Comment lines received so far. */
  readonly comments: string[];
  /** The last id received: what a reconnecting client sends as Last-Event-ID. */
  readonly lastEventId: string | undefined;
  /** True once the server ended the response. */
  readonly ended: boolean;
  /** Resolves when `count` events with data have arrived; rejects after `timeoutMs`. */
  waitForData(count: number, timeoutMs?: number): Promise<SseEvent[]>;
  /** Resolves when `predicate` holds; rejects after `timeoutMs`. */
  waitUntil(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

/**
 * A minimal EventSource over node:http, parsing the stream exactly as the WHATWG algorithm
 * does (fields, multi-line data, comments, id-only events), so tests see what a browser or
 * an SSE library would.
 */
export function openSse(url: string, headers: Record<string, string>): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: 'GET', headers: { accept: 'text/event-stream', ...headers } },
      (res) => {
        const events: SseEvent[] = [];
        const comments: string[] = [];
        let lastEventId: string | undefined;
        let ended = false;
        let buffer = '';
        let fields: { event?: string; data: string[]; id?: string } = { data: [] };
        const waiters = new Set<() => void>();
        const poke = () => {
          for (const w of [...waiters]) w();
        };
        const dispatch = () => {
          if (fields.id !== undefined) lastEventId = fields.id;
          if (fields.data.length > 0 || fields.id !== undefined || fields.event !== undefined) {
            events.push({
              event: fields.event ?? 'message',
              data: fields.data.join('\n'),
              ...(fields.id === undefined ? {} : { id: fields.id }),
            });
          }
          fields = { data: [] };
        };
        const onLine = (line: string) => {
          if (line === '') return dispatch();
          if (line.startsWith(':')) return void comments.push(line.slice(1).trim());
          const colon = line.indexOf(':');
          const name = colon < 0 ? line : line.slice(0, colon);
          let value = colon < 0 ? '' : line.slice(colon + 1);
          if (value.startsWith(' ')) value = value.slice(1);
          if (name === 'data') fields.data.push(value);
          else if (name === 'event') fields.event = value;
          else if (name === 'id') fields.id = value;
        };
        const chunks: Buffer[] = [];
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (res.statusCode !== 200) return void chunks.push(Buffer.from(chunk));
          buffer += chunk;
          let at = buffer.indexOf('\n');
          while (at >= 0) {
            onLine(buffer.slice(0, at).replace(/\r$/, ''));
            buffer = buffer.slice(at + 1);
            at = buffer.indexOf('\n');
          }
          poke();
        });
        const finish = () => {
          ended = true;
          poke();
        };
        res.on('end', finish);
        res.on('close', finish);
        res.on('error', finish);
        const waitUntil = (predicate: () => boolean, timeoutMs = 10_000) =>
          new Promise<void>((ok, fail) => {
            if (predicate()) return ok();
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(
                new Error(
                  `SSE wait timed out after ${timeoutMs} ms (${events.length} events, ended ${ended})`,
                ),
              );
            }, timeoutMs);
            const check = () => {
              if (!predicate()) return;
              clearTimeout(timer);
              waiters.delete(check);
              ok();
            };
            waiters.add(check);
          });
        const stream: SseStream = {
          status: res.statusCode ?? 0,
          headers: res.headers,
          get error() {
            const text = Buffer.concat(chunks).toString('utf8');
            return text === '' ? undefined : JSON.parse(text);
          },
          events,
          comments,
          get lastEventId() {
            return lastEventId;
          },
          get ended() {
            return ended;
          },
          async waitForData(count, timeoutMs) {
            const withData = () => events.filter((e) => e.data !== '' && e.event === 'message');
            await waitUntil(() => withData().length >= count, timeoutMs);
            return withData();
          },
          waitUntil,
          close() {
            req.destroy();
          },
        };
        if (res.statusCode === 200) return resolve(stream);
        res.on('end', () => resolve(stream));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
