import type { FastifyReply } from 'fastify';
import { TAXII_MEDIA_TYPE, type TaxiiResponse } from '../taxii/index.js';

/**
 * Writes a TAXII answer. The body goes out as a Buffer, the one payload kind for which
 * fastify keeps the Content-Type exactly as set: for strings it appends `; charset=utf-8`,
 * which strict clients reject (DESIGN.md §6, checklist T022 and pitfall 2).
 */
export function sendTaxii(reply: FastifyReply, response: TaxiiResponse): FastifyReply {
  reply.code(response.status).header('content-type', TAXII_MEDIA_TYPE);
  if (response.headers !== undefined)
    for (const [k, v] of Object.entries(response.headers)) reply.header(k, v);
  return reply.send(Buffer.from(response.body));
}
