/**
 * Nested object types used by SCO properties (§6): MIME parts, x509 v3 extensions, registry values.
 */
import { en, obj, ref, STRING, TIMESTAMP } from './spec-builders.js';

/** S091 email-mime-part-type. */
export const MIME_PART = obj(
  { body: STRING, body_raw_ref: ref('artifact', 'file'), content_type: STRING, content_disposition: STRING },
  { checklist: 'S091' },
);

/** S103 x509-v3-extensions-type (at least one property). */
export const X509_V3_EXTENSIONS = obj(
  {
    ...Object.fromEntries(
      [
        'basic_constraints',
        'name_constraints',
        'policy_constraints',
        'key_usage',
        'extended_key_usage',
        'subject_key_identifier',
        'authority_key_identifier',
        'subject_alternative_name',
        'issuer_alternative_name',
        'subject_directory_attributes',
        'crl_distribution_points',
        'inhibit_any_policy',
        'certificate_policies',
        'policy_mappings',
      ].map((n) => [n, STRING]),
    ),
    private_key_usage_period_not_before: TIMESTAMP,
    private_key_usage_period_not_after: TIMESTAMP,
  },
  { nonEmpty: true, checklist: 'S103' },
);

/** S102 windows-registry-value-type (at least one property). */
export const REGISTRY_VALUE = obj(
  { name: STRING, data: STRING, data_type: en('windows-registry-datatype-enum') },
  { nonEmpty: true, checklist: 'S102' },
);
