/**
 * The Server-Sent Events wire format (WHATWG HTML, "Server-sent events"). Data is split at
 * every line break into `data:` lines, which the client joins again with "\n", so a body
 * holding raw line breaks can never end an event early or inject fields.
 */
export function sseEvent(fields: {
  readonly id?: string;
  readonly event?: string;
  readonly data?: string;
}): string {
  let text = '';
  if (fields.event !== undefined) text += `event: ${oneLine(fields.event)}\n`;
  if (fields.id !== undefined) text += `id: ${oneLine(fields.id)}\n`;
  if (fields.data !== undefined)
    for (const line of fields.data.split(/\r\n|\r|\n/)) text += `data: ${line}\n`;
  return `${text}\n`;
}

/** A comment line: ignored by clients, it keeps proxies and idle timers from closing the stream. */
export function sseComment(text: string): string {
  return `: ${oneLine(text)}\n\n`;
}

/** How long a client waits before reconnecting after the stream drops (ms). */
export function sseRetry(ms: number): string {
  return `retry: ${Math.max(0, Math.floor(ms))}\n\n`;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]/g, ' ');
}
