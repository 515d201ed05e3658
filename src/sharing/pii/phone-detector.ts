import type { TextMatch } from './pii-finding.js';

// Every form is anchored on a boundary that excludes digits, letters, dots and signs, so a
// phone number cannot start inside an IP address, version string, hash or longer number,
// and groups are separated unambiguously (bounded, non-overlapping repetitions: linear).
const BEFORE = String.raw`(?<![\w.+\-/:])`;
const AFTER = String.raw`(?![\w\-/]|[.:,]\d)`;
const FORMS = [
  // International (E.164 with optional grouping): +44 20 7946 0958, +1 (555) 123-4567, +33612345678.
  String.raw`\+(?:\d{7,15}|\d{1,3}(?:[ .\-]?\(\d{1,4}\)|[ .\-]\d{1,5}){2,6})`,
  // North American: (555) 123-4567, 555-123-4567, 555.123.4567 (one separator throughout).
  String.raw`\(\d{3}\)[ .\-]?\d{3}[ .\-]\d{4}`,
  String.raw`\d{3}([.\-])\d{3}\1\d{4}`,
  // UK national: 020 7946 0958, 01632 960983, 07700 900123.
  String.raw`0(?:\d{2} \d{4} \d{4}|\d{3} \d{3} \d{4}|\d{4} \d{6}|7\d{3} \d{6})`,
  // French and similar pair-grouped national: 06 12 34 56 78, 01.23.45.67.89.
  String.raw`0[1-9](?:([ .\-])\d{2}\2\d{2}\2\d{2}\2\d{2})`,
];
const PHONE = new RegExp(FORMS.map((f) => `${BEFORE}(?:${f})${AFTER}`).join('|'), 'g');

/** Telephone numbers in a text: international and common national formats. */
export function detectPhones(text: string): TextMatch[] {
  const found: TextMatch[] = [];
  for (const m of text.matchAll(PHONE)) {
    const digits = m[0].replace(/\D/g, '').length;
    // E.164 allows at most 15 digits; fewer than 9 is a short code or a plain number.
    if (digits < 9 || digits > 15) continue;
    found.push({ kind: 'phone', start: m.index, end: m.index + m[0].length });
  }
  return found;
}
