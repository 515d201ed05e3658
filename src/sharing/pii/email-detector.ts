import type { TextMatch } from './pii-finding.js';

// RFC 5321 limits bound every repetition (local part 64, label 63), so the scan is linear in
// the text: each start position does a bounded amount of work, and the look-behind lets a
// match start only where a local part can begin.
const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;

/** E-mail addresses in a text. */
export function detectEmails(text: string): TextMatch[] {
  if (!text.includes('@')) return [];
  return [...text.matchAll(EMAIL)].map((m) => ({
    kind: 'email' as const,
    start: m.index,
    end: m.index + m[0].length,
  }));
}
