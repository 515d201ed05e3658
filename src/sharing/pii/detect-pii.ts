import { detectEmails } from './email-detector.js';
import { detectNationalIds } from './national-id-detector.js';
import { createOrganisationDetector } from './organisation-detector.js';
import { detectPaymentCards } from './payment-card-detector.js';
import { detectPhones } from './phone-detector.js';
import { jsonPath, piiFields } from './pii-fields.js';
import type { PiiContext, PiiFinding, TextMatch } from './pii-finding.js';

/** Detects personal data in STIX objects for one submitter. */
export interface PiiDetector {
  /** The findings in one object, in field order and then by offset. */
  detect(object: Readonly<Record<string, unknown>>): PiiFinding[];
}

/**
 * A detector for one submission (the submitter's own domains and names are compiled once).
 * Each object is examined once: every detector runs over each of its personal-data fields
 * (see `piiFields`), and overlapping matches become one finding so that redaction covers
 * them whole (an e-mail at the submitter's domain is one `email`).
 */
export function createPiiDetector(context: PiiContext = {}): PiiDetector {
  const organisation = createOrganisationDetector(context);
  return {
    detect(object) {
      // An identity names itself; whether its source may be seen is the consent rule's job.
      const ownName = object.type !== 'identity';
      const findings: PiiFinding[] = [];
      for (const field of piiFields(object)) {
        const t = field.text;
        const matches = [
          ...detectEmails(t),
          ...detectPaymentCards(t),
          ...detectNationalIds(t),
          ...detectPhones(t),
          ...(ownName ? organisation(t) : []),
        ];
        const path = jsonPath(field.keys);
        for (const m of mergeOverlaps(matches)) findings.push({ ...m, path, keys: field.keys });
      }
      return findings;
    },
  };
}

/**
 * Non-overlapping spans covering every match. Detectors are listed most specific first, so
 * on equal spans the earlier kind names the finding; a longer overlapping match takes over.
 */
function mergeOverlaps(matches: readonly TextMatch[]): TextMatch[] {
  const sorted = matches
    .map((m, order) => ({ m, order }))
    .sort((a, b) => a.m.start - b.m.start || b.m.end - a.m.end || a.order - b.order)
    .map((x) => x.m);
  const out: TextMatch[] = [];
  for (const m of sorted) {
    const last = out[out.length - 1];
    if (last === undefined || m.start >= last.end) {
      out.push(m);
      continue;
    }
    const longer = m.end - m.start > last.end - last.start;
    out[out.length - 1] = {
      kind: longer ? m.kind : last.kind,
      start: last.start,
      end: Math.max(last.end, m.end),
    };
  }
  return out;
}
