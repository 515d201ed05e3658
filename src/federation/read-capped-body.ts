import { HubError } from '../core/index.js';

/**
 * Reads a response body as UTF-8 text, refusing it as soon as it passes `maxBytes`: a peer
 * cannot make the hub buffer more than the cap, whatever Content-Length says or omits.
 * @throws HubError CAIRN_PEER_INVALID_RESPONSE when the body is larger than `maxBytes`.
 */
export async function readCappedBody(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new HubError('CAIRN_PEER_INVALID_RESPONSE', `The peer's response is larger than ${maxBytes} bytes`);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}
