/**
 * Defects the STIX validator finds in ../shared/corpus that the corpus README does not name
 * (docs/validation.md, "Corpus findings"): file → rule codes. Shared by the validator's corpus
 * test and the TAXII import test, which adds what only a whole-hub import reports.
 */
export const CORPUS_VALIDATOR_FINDINGS: Readonly<Record<string, readonly string[]>> = {
  ...Object.fromEntries(
    ['0010', '0011', '0012'].map((n) => [`atlas/case-studies/AML.CS${n}.json`, ['tlp-marking']] as const),
  ),
  ...Object.fromEntries(
    ['0017', '0018', '0019', '0020', '0021'].map(
      (n) => [`atlas/case-studies/AML.CS${n}.json`, ['tlp-marking', 'timestamp-order']] as const,
    ),
  ),
  ...Object.fromEntries(
    [
      'CISA-AA22-138B-VMWare-Workspace-Alt',
      'CISA-AA22-138B-VMWare-Workspace-TA1',
      'DFIR-BumbleBee-Round-2',
      'FIN13-Case-2',
      'Sony-Malware',
      'WhisperGate',
    ].map((n) => [`attack-flow/corpus/${n}.json`, ['not-applicable-property']] as const),
  ),
  // S020 inside custom properties: `related_asset_sectors: []` in x-mitre-asset objects.
  'attack/ics-attack-17.1.json.gz': ['empty-list'],
  'attack/ics-attack-18.1.json.gz': ['empty-list'],
  'attack-flow/corpus/CISA-Iranian-APT.json': ['not-applicable-property', 'observable-value'],
  'attack-flow/corpus/Hancitor-DLL.json': ['not-applicable-property', 'observable-value'],
  'attack-flow/corpus/Mac-Malware-Steals-Crypto.json': ['empty-list', 'not-applicable-property'],
  // S020 in extension-defined objects: `start_refs: []` (attack-flow), `effect_refs: []` (attack-action).
  'attack-flow/corpus/NotPetya.json': ['empty-list'],
  'attack-flow/corpus/SWIFT-Heist.json': ['empty-list'],
  'attack-flow/corpus/Shamoon.json': ['not-applicable-property', 'property-type'],
  'attack-flow/corpus/Uber-Breach.json': ['empty-list', 'property-type'],
  'attack-flow/tests/matrix-flow.json': ['empty-list'],
  // S020 in a custom property: `x_capec_consequences` with empty lists.
  'capec/capec-3.9.json.gz': ['empty-list'],
  'elevator/Appendix_G_IOCs_Full.json': ['required-property'],
  'elevator/Mandiant_APT1_Report.json': ['required-property', 'id-format'],
  'elevator/account_indicator.json': ['required-property'],
  'elevator/command-and-control-ip-list.json': ['ref-type', 'id-format'],
  // S040 in references: a relationship to the incident whose UUID is not RFC 4122.
  'elevator/extensions/incident-malware.json': ['id-format'],
  'elevator/extensions/sighting.json': ['id-format'],
  'elevator/file-and-directory-pattern.json': ['required-property'],
  'elevator/file-and-directory.json': ['custom-property-name', 'id-format'],
  'elevator/indicator-for-c2-ip-address.json': ['required-property'],
  'elevator/issue-162.json': ['required-property', 'external-reference-id'],
  'elevator/issue62.json': ['ref-type', 'required-property'],
  'elevator/malicious-email-indicator-with-addresses.json': ['required-property'],
  'elevator/malicious-email-indicator-with-attachment.json': ['required-property'],
  'elevator/multiple-reports-in-package.json': ['id-format'],
  'elevator/network-socket-observable.json': ['missing-one-of'],
  'elevator/observable-with-networkconnection-instance.json': ['property-type', 'required-property'],
  'misp-stix/mapping-examples.json': [
    'binary-format',
    'dependent-property',
    'custom-property-name',
    // S099 software.languages "ENG", "Python", "C#"; S102 registry key "HKLM\\…".
    'language-tag',
    'observable-value',
    'property-type',
  ],
  'oasis-examples/python-stix2/sco-examples-bundle.json': ['binary-format'],
  'oasis-examples/python-stix2/stix2_data/marking-definition/marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168.json':
    ['timestamp-precision'],
  'slider/Mandiant_APT1_Report.json': ['required-property'],
  'slider/apt1.json': ['required-property'],
  'slider/artifact-observed-data.json': ['binary-format'],
  'slider/email-message-with-attachments-observed-data.json': ['binary-format'],
  'slider/examples.json': ['custom-property-name', 'property-type'],
  // S040 in references: `source_ref` to an infrastructure whose UUID is not RFC 4122.
  'slider/file-and-directory.json': ['id-format'],
  'slider/network-traffic-observed-data.json': ['property-type'],
  'slider/process-observed-data.json': ['not-applicable-property'],
};
