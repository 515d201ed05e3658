import { luhnValid } from './checksums.js';
import type { TextMatch } from './pii-finding.js';

// A run of digits grouped by single spaces or dashes. One digit per repetition and no
// look-ahead to backtrack from: every run is matched once, whole (linear). Card-sized
// windows of its groups are checked in code.
const CARD = /(?<![\w\-.])\d(?:[ -]?\d)*/g;
/** What may not follow a number: a word character or dash, or a decimal point. */
const GLUED = /^(?:[\w-]|[.,]\d)/;

/** Known issuer prefixes (IIN ranges) and the lengths each network issues. */
const NETWORKS: readonly { readonly prefix: RegExp; readonly lengths: readonly number[] }[] = [
  { prefix: /^4/, lengths: [13, 16, 19] }, // Visa
  { prefix: /^(5[1-5]|2(2[2-9][1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720))/, lengths: [16] }, // Mastercard
  { prefix: /^3[47]/, lengths: [15] }, // American Express
  { prefix: /^(6011|65|64[4-9])/, lengths: [16, 17, 18, 19] }, // Discover
  { prefix: /^(30[0-5]|36|3[89])/, lengths: [14, 15, 16, 17, 18, 19] }, // Diners Club
  { prefix: /^35(2[89]|[3-8]\d)/, lengths: [16, 17, 18, 19] }, // JCB
  { prefix: /^62/, lengths: [16, 17, 18, 19] }, // UnionPay
  { prefix: /^(50|5[6-8]|6[0-9])/, lengths: [13, 14, 15, 16, 17, 18, 19] }, // Maestro
];

function isCardNumber(digits: string): boolean {
  return (
    NETWORKS.some((n) => n.prefix.test(digits) && n.lengths.includes(digits.length)) && luhnValid(digits)
  );
}

/**
 * Payment card numbers: a known issuer prefix and length, and a valid Luhn check digit.
 * A grouped run may hold more than one number (a phone number, then a card): windows of
 * whole groups are tried, leftmost and longest first; a window never exceeds 19 digits, so
 * the work per group is bounded.
 */
export function detectPaymentCards(text: string): TextMatch[] {
  const found: TextMatch[] = [];
  for (const m of text.matchAll(CARD)) {
    if (m[0].length < 13) continue;
    const groups = [...m[0].matchAll(/\d+/g)].map((g) => ({ start: m.index + g.index, digits: g[0] }));
    // A last group glued to a word ("1111abc") is part of something else, not a card.
    if (GLUED.test(text.slice(m.index + m[0].length, m.index + m[0].length + 2))) groups.pop();
    let i = 0;
    while (i < groups.length) {
      const end = cardEndingAt(groups, i);
      if (end < 0) {
        i++;
        continue;
      }
      const last = groups[end] as Group;
      found.push({
        kind: 'payment-card',
        start: (groups[i] as Group).start,
        end: last.start + last.digits.length,
      });
      i = end + 1;
    }
  }
  return found;
}

interface Group {
  readonly start: number;
  readonly digits: string;
}

/** The last group of the longest card number starting at group `i`, or -1. */
function cardEndingAt(groups: readonly Group[], i: number): number {
  let digits = '';
  let best = -1;
  for (let j = i; j < groups.length; j++) {
    digits += (groups[j] as Group).digits;
    if (digits.length > 19) break;
    if (digits.length >= 13 && isCardNumber(digits)) best = j;
  }
  return best;
}
