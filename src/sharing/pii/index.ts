/**
 * @module sharing/pii
 * Personal-data detectors and redaction (DESIGN.md §3 "Personal data"): pure, no I/O. What
 * to do with findings (redact, hold for review) is the community's policy, applied at
 * ingestion by the TAXII layer.
 */
export { ibanValid, luhnValid } from './checksums.js';
export { createPiiDetector, type PiiDetector } from './detect-pii.js';
export { detectEmails } from './email-detector.js';
export { detectNationalIds } from './national-id-detector.js';
export { createOrganisationDetector } from './organisation-detector.js';
export { detectPaymentCards } from './payment-card-detector.js';
export { detectPhones } from './phone-detector.js';
export { jsonPath, piiFields, type TextField } from './pii-fields.js';
export { PII_KINDS, type PiiContext, type PiiFinding, type PiiKind, type TextMatch } from './pii-finding.js';
export { findingKinds, redactionMark, redactPii } from './redact-pii.js';
