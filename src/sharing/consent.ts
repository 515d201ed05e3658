import type { ConsentLevel } from '../core/index.js';

/** AIS 2.0 consent labels on the submitter's identity, and the level each grants. */
const AIS_LABELS: Readonly<Record<string, ConsentLevel>> = {
  'ais-consent-none': 'none',
  'ais-consent-usg': 'government',
  'ais-consent-everyone': 'everyone',
  'ais-consent-everyone-cisa-proprietary': 'everyone',
};

const STRICTNESS: Readonly<Record<ConsentLevel, number>> = { none: 2, government: 1, everyone: 0 };

/** The consent an identity object's AIS labels express, if any (the strictest when several). */
export function consentFromAisLabels(identity: Readonly<Record<string, unknown>>): ConsentLevel | undefined {
  if (!Array.isArray(identity.labels)) return undefined;
  let found: ConsentLevel | undefined;
  for (const label of identity.labels) {
    const level = typeof label === 'string' ? AIS_LABELS[label] : undefined;
    if (level !== undefined) found = found === undefined ? level : stricterConsent(found, level);
  }
  return found;
}

/** The more restrictive of two consents: attribution is only ever narrowed, never widened. */
export function stricterConsent(a: ConsentLevel, b: ConsentLevel): ConsentLevel {
  return STRICTNESS[a] >= STRICTNESS[b] ? a : b;
}
