import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../auth/index.js';
import { HubError } from '../../core/index.js';
import type { StreamSink } from '../../stream/index.js';
import { parseMediaRanges, type RawQuery } from '../../taxii/index.js';
import type { HttpDeps } from '../http-deps.js';

/** How long an ended stream may take to flush what is queued before its connection is cut. */
const END_GRACE_MS = 2_000;

const STREAM_PATH = /^\/api\/v1\/communities\/[^/]+\/collections\/[^/]+\/stream\/?$/;

/** Live streams answer in text/event-stream, so the TAXII Accept check does not apply to them. */
export function isStreamPath(path: string): boolean {
  return STREAM_PATH.test(path);
}

/**
 * GET /api/v1/communities/:community/collections/:collection/stream: the collection's new
 * object versions as Server-Sent Events, as the caller may see them (docs/streams.md).
 * Resumes after `Last-Event-ID` (the header browsers send on reconnect, or the
 * `last_event_id` parameter), starts after `added_after`, or else at the present.
 */
export function registerStreamApi(app: FastifyInstance, deps: HttpDeps): void {
  const streams = deps.streams;
  if (streams === undefined) return;
  app.get<{ Params: { community: string; collection: string }; Querystring: RawQuery }>(
    '/api/v1/communities/:community/collections/:collection/stream',
    async (req, reply) => {
      if (!acceptsEventStream(req.headers.accept)) {
        throw new HubError('CAIRN_NOT_ACCEPTABLE', 'The Accept header must allow text/event-stream');
      }
      const { last_event_id: fromQuery, ...query } = req.query;
      const header = req.headers['last-event-id'];
      if (Array.isArray(header) || Array.isArray(fromQuery)) {
        throw new HubError('CAIRN_BAD_QUERY_PARAMETER', 'Give one Last-Event-ID', {
          details: { parameter: 'Last-Event-ID' },
        });
      }
      const lastEventId = header ?? (fromQuery as string | undefined);
      await streams.open(
        {
          principal: req.principal as Principal,
          root: req.params.community,
          collectionId: req.params.collection,
          query,
          ...(lastEventId === undefined ? {} : { lastEventId }),
        },
        responseSink(req, reply),
      );
    },
  );
}

function acceptsEventStream(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return parseMediaRanges(accept).some(
    (r) => r.q > 0 && (r.type === 'text/event-stream' || r.type === 'text/*' || r.type === '*/*'),
  );
}

/** The response as a stream sink: fastify lets go of it (hijack) once the checks have passed. */
function responseSink(req: FastifyRequest, reply: FastifyReply): StreamSink {
  const raw = reply.raw;
  let ended = false;
  const gone = () => ended || raw.destroyed || raw.writableEnded;
  return {
    begin() {
      reply.hijack();
      // No idle timeout: keep-alive comments keep the connection busy, and the stream may
      // legitimately stay open for days. Small events go out at once instead of waiting to be
      // coalesced with the next.
      req.raw.socket.setTimeout(0);
      req.raw.socket.setNoDelay(true);
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        // nginx buffers responses unless told not to, which would hold events back.
        'x-accel-buffering': 'no',
      });
    },
    write: (chunk) => (gone() ? true : raw.write(chunk)),
    drained: () =>
      new Promise<void>((resolve) => {
        if (gone() || !raw.writableNeedDrain) return resolve();
        const done = () => {
          raw.off('drain', done);
          raw.off('close', done);
          resolve();
        };
        raw.on('drain', done);
        raw.on('close', done);
      }),
    end(options) {
      if (gone()) return;
      ended = true;
      if (options?.abort === true) return void raw.destroy();
      raw.end();
      const cut = setTimeout(() => raw.destroy(), END_GRACE_MS);
      cut.unref();
      raw.once('finish', () => clearTimeout(cut));
    },
    get closed() {
      return gone();
    },
    onClose(listener) {
      if (raw.destroyed || raw.writableFinished) listener();
      else raw.once('close', listener);
    },
  };
}
