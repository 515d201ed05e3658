/** The kinds of personal data the detectors recognise (DESIGN.md §3 "Personal data"). */
export const PII_KINDS = ['email', 'phone', 'national-id', 'payment-card', 'organisation'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** One match inside one string: UTF-16 offsets, `end` exclusive (as `String.slice`). */
export interface TextMatch {
  readonly kind: PiiKind;
  readonly start: number;
  readonly end: number;
}

/** One piece of personal data in a STIX object. */
export interface PiiFinding extends TextMatch {
  /** JSON path of the string holding it, e.g. `$.external_references[0].description`. */
  readonly path: string;
  /** The same location as keys, for code that walks the object. */
  readonly keys: readonly (string | number)[];
}

/** What the submitter's own-name detector looks for; everything else needs no context. */
export interface PiiContext {
  /** The submitting organisation's DNS domains, e.g. `bank.example`. */
  readonly ownDomains?: readonly string[];
  /** The submitting organisation's names, e.g. `Example Bank`. */
  readonly ownNames?: readonly string[];
}
