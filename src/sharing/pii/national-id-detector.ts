import { ibanValid } from './checksums.js';
import type { TextMatch } from './pii-finding.js';

// US SSN written with dashes or spaces (bare nine digits are too often something else).
const SSN = /(?<![\w-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\w-])/g;
// UK National Insurance number: two prefix letters (D, F, I, Q, U, V never; O not second),
// six digits, suffix A-D, optionally spaced in pairs.
const NINO =
  /(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/g;
const NINO_NEVER = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);
// IBAN: country, check digits, then up to 30 characters, optionally in groups of four.
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])/g;

/**
 * National identity and account numbers: US SSN (outside the never-issued ranges: area
 * 000, 666 and 900-999, group 00, serial 0000), UK NINO, and IBAN with its mod-97 check.
 */
export function detectNationalIds(text: string): TextMatch[] {
  const found: TextMatch[] = [];
  const add = (m: RegExpMatchArray) => {
    const start = m.index as number;
    found.push({ kind: 'national-id', start, end: start + m[0].length });
  };
  for (const m of text.matchAll(SSN)) {
    const [, area = '', , group = '', serial = ''] = m;
    if (area === '000' || area === '666' || area[0] === '9' || group === '00' || serial === '0000') continue;
    add(m);
  }
  for (const m of text.matchAll(NINO)) if (!NINO_NEVER.has(m[1] ?? '')) add(m);
  for (const m of text.matchAll(IBAN)) if (ibanValid(m[0].replace(/ /g, ''))) add(m);
  return found;
}
