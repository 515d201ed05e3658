import { describe, expect, it } from 'vitest';
import { sseComment, sseEvent, sseRetry } from './sse-format.js';

describe('the Server-Sent Events wire format', () => {
  it('writes the fields of one event and ends it with a blank line', () => {
    expect(sseEvent({ id: 'abc', data: '{"a":1}' })).toBe('id: abc\ndata: {"a":1}\n\n');
    expect(sseEvent({ event: 'end', data: 'x' })).toBe('event: end\ndata: x\n\n');
    expect(sseEvent({ id: 'only' })).toBe('id: only\n\n');
  });

  it('splits data at every kind of line break, so a body cannot end the event or add fields', () => {
    expect(sseEvent({ data: 'one\ntwo\r\nthree\rid: forged' })).toBe(
      'data: one\ndata: two\ndata: three\ndata: id: forged\n\n',
    );
  });

  it('keeps ids, event names and comments on one line', () => {
    expect(sseEvent({ id: 'a\nevent: x', data: 'd' })).toBe('id: a event: x\ndata: d\n\n');
    expect(sseComment('keep\nalive')).toBe(': keep alive\n\n');
    expect(sseRetry(2000.7)).toBe('retry: 2000\n\n');
  });
});
