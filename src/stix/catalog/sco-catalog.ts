/**
 * The 18 STIX Cyber-observable Objects of STIX 2.1 §6 (checklist S086–S115), with their
 * ID Contributing Properties (S043, checklist §4 table) and predefined extensions.
 */
import { SCO_COMMON } from './common-properties.js';
import type { ObjectSpec } from './property-spec.js';
import {
  ARCHIVE_EXT,
  HTTP_REQUEST_EXT,
  ICMP_EXT,
  NTFS_EXT,
  PDF_EXT,
  RASTER_IMAGE_EXT,
  SOCKET_EXT,
  TCP_EXT,
  UNIX_ACCOUNT_EXT,
  WINDOWS_PEBINARY_EXT,
  WINDOWS_PROCESS_EXT,
  WINDOWS_SERVICE_EXT,
} from './sco-extensions.js';
import {
  atLeastOne,
  BINARY,
  BOOLEAN,
  DICTIONARY,
  dict,
  en,
  exclusive,
  HASHES,
  HEX,
  INTEGER,
  int,
  list,
  obj,
  objectSpec,
  order,
  ov,
  type PropertyTable,
  ref,
  refs,
  req,
  requires,
  STRING,
  STRINGS,
  TIMESTAMP,
} from './spec-builders.js';

const SIZE = int(0);
const PORT = int(0, 65535);

function sco(
  type: string,
  checklist: string,
  own: PropertyTable,
  idContributing: readonly string[],
  extra: Parameters<typeof objectSpec>[5] = {},
): ObjectSpec {
  return objectSpec(type, 'sco', checklist, SCO_COMMON, own, { ...extra, idContributing });
}

const MIME_PART = obj(
  { body: STRING, body_raw_ref: ref('artifact', 'file'), content_type: STRING, content_disposition: STRING },
  { checklist: 'S091' },
);

const X509_V3_EXTENSIONS = obj(
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

const REGISTRY_VALUE = obj(
  { name: STRING, data: STRING, data_type: en('windows-registry-datatype-enum') },
  { nonEmpty: true, checklist: 'S102' },
);

/** Every spec-defined SCO type, in §6 order. */
export const SCO_SPECS: readonly ObjectSpec[] = [
  sco(
    'artifact',
    'S086',
    {
      mime_type: STRING,
      payload_bin: BINARY,
      url: STRING,
      hashes: HASHES,
      encryption_algorithm: en('encryption-algorithm-enum'),
      decryption_key: STRING,
    },
    ['hashes', 'payload_bin'],
    {
      constraints: [
        atLeastOne('S086', 'payload_bin', 'url'),
        exclusive('S086', 'payload_bin', 'url'),
        requires('S086', 'url', 'hashes'),
        requires('S086', 'decryption_key', 'encryption_algorithm'),
      ],
    },
  ),
  sco('autonomous-system', 'S087', { number: req(INTEGER), name: STRING, rir: STRING }, ['number']),
  sco(
    'directory',
    'S088',
    {
      path: req(STRING),
      path_enc: STRING,
      ctime: TIMESTAMP,
      mtime: TIMESTAMP,
      atime: TIMESTAMP,
      contains_refs: refs('file', 'directory'),
    },
    ['path'],
  ),
  sco(
    'domain-name',
    'S089',
    { value: req(STRING), resolves_to_refs: refs('ipv4-addr', 'ipv6-addr', 'domain-name') },
    ['value'],
  ),
  sco(
    'email-addr',
    'S090',
    { value: req(STRING), display_name: STRING, belongs_to_ref: ref('user-account') },
    ['value'],
  ),
  sco(
    'email-message',
    'S091',
    {
      is_multipart: req(BOOLEAN),
      date: TIMESTAMP,
      content_type: STRING,
      from_ref: ref('email-addr'),
      sender_ref: ref('email-addr'),
      to_refs: refs('email-addr'),
      cc_refs: refs('email-addr'),
      bcc_refs: refs('email-addr'),
      message_id: STRING,
      subject: STRING,
      received_lines: STRINGS,
      // The JSON schema (and real producers) allow a single string or a list of strings.
      additional_header_fields: DICTIONARY,
      body: STRING,
      body_multipart: list(MIME_PART),
      raw_email_ref: ref('artifact'),
    },
    ['from_ref', 'subject', 'body'],
  ),
  sco(
    'file',
    'S092',
    {
      hashes: HASHES,
      size: SIZE,
      name: STRING,
      name_enc: STRING,
      magic_number_hex: HEX,
      mime_type: STRING,
      ctime: TIMESTAMP,
      mtime: TIMESTAMP,
      atime: TIMESTAMP,
      parent_directory_ref: ref('directory'),
      contains_refs: refs('@sco'),
      content_ref: ref('artifact'),
    },
    ['hashes', 'name', 'extensions', 'parent_directory_ref'],
    {
      constraints: [atLeastOne('S092', 'hashes', 'name'), requires('S005', 'name_enc', 'name')],
      extensions: [ARCHIVE_EXT, NTFS_EXT, PDF_EXT, RASTER_IMAGE_EXT, WINDOWS_PEBINARY_EXT],
    },
  ),
  sco(
    'ipv4-addr',
    'S093',
    { value: req(STRING), resolves_to_refs: refs('mac-addr'), belongs_to_refs: refs('autonomous-system') },
    ['value'],
  ),
  sco(
    'ipv6-addr',
    'S094',
    { value: req(STRING), resolves_to_refs: refs('mac-addr'), belongs_to_refs: refs('autonomous-system') },
    ['value'],
  ),
  sco('mac-addr', 'S095', { value: req(STRING) }, ['value']),
  sco('mutex', 'S096', { name: req(STRING) }, ['name']),
  sco(
    'network-traffic',
    'S097',
    {
      start: TIMESTAMP,
      end: TIMESTAMP,
      is_active: BOOLEAN,
      src_ref: ref('ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name'),
      dst_ref: ref('ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name'),
      src_port: PORT,
      dst_port: PORT,
      protocols: req(STRINGS),
      src_byte_count: SIZE,
      dst_byte_count: SIZE,
      src_packets: SIZE,
      dst_packets: SIZE,
      ipfix: DICTIONARY,
      src_payload_ref: ref('artifact'),
      dst_payload_ref: ref('artifact'),
      encapsulates_refs: refs('network-traffic'),
      encapsulated_by_ref: ref('network-traffic'),
    },
    ['start', 'end', 'src_ref', 'dst_ref', 'src_port', 'dst_port', 'protocols', 'extensions'],
    {
      constraints: [atLeastOne('S097', 'src_ref', 'dst_ref'), order('S097', 'start', 'end')],
      extensions: [HTTP_REQUEST_EXT, ICMP_EXT, SOCKET_EXT, TCP_EXT],
    },
  ),
  sco(
    'process',
    'S098',
    {
      is_hidden: BOOLEAN,
      pid: INTEGER,
      created_time: TIMESTAMP,
      cwd: STRING,
      command_line: STRING,
      environment_variables: dict(STRING),
      opened_connection_refs: refs('network-traffic'),
      creator_user_ref: ref('user-account'),
      image_ref: ref('file'),
      parent_ref: ref('process'),
      child_refs: refs('process'),
    },
    [],
    { extensions: [WINDOWS_PROCESS_EXT, WINDOWS_SERVICE_EXT] },
  ),
  sco(
    'software',
    'S099',
    { name: req(STRING), cpe: STRING, swid: STRING, languages: STRINGS, vendor: STRING, version: STRING },
    ['name', 'cpe', 'swid', 'vendor', 'version'],
  ),
  sco('url', 'S100', { value: req(STRING) }, ['value']),
  sco(
    'user-account',
    'S101',
    {
      user_id: STRING,
      credential: STRING,
      account_login: STRING,
      account_type: ov('account-type-ov'),
      display_name: STRING,
      is_service_account: BOOLEAN,
      is_privileged: BOOLEAN,
      can_escalate_privs: BOOLEAN,
      is_disabled: BOOLEAN,
      account_created: TIMESTAMP,
      account_expires: TIMESTAMP,
      credential_last_changed: TIMESTAMP,
      account_first_login: TIMESTAMP,
      account_last_login: TIMESTAMP,
    },
    ['account_type', 'user_id', 'account_login'],
    { extensions: [UNIX_ACCOUNT_EXT] },
  ),
  sco(
    'windows-registry-key',
    'S102',
    {
      key: STRING,
      values: list(REGISTRY_VALUE),
      modified_time: TIMESTAMP,
      creator_user_ref: ref('user-account'),
      number_of_subkeys: SIZE,
    },
    ['key', 'values'],
  ),
  sco(
    'x509-certificate',
    'S103',
    {
      is_self_signed: BOOLEAN,
      hashes: HASHES,
      version: STRING,
      serial_number: STRING,
      signature_algorithm: STRING,
      issuer: STRING,
      validity_not_before: TIMESTAMP,
      validity_not_after: TIMESTAMP,
      subject: STRING,
      subject_public_key_algorithm: STRING,
      subject_public_key_modulus: STRING,
      subject_public_key_exponent: INTEGER,
      x509_v3_extensions: X509_V3_EXTENSIONS,
    },
    ['hashes', 'serial_number'],
  ),
];
