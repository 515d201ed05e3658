/**
 * The predefined SCO extensions of STIX 2.1 §6 (checklist S104–S115). They are keyed by their
 * fixed name under an SCO's `extensions` and never carry `extension_type` (S063).
 */
import type { ExtensionSpec } from './property-spec.js';
import {
  atLeastOne,
  BOOLEAN,
  DICTIONARY,
  dict,
  en,
  extensionSpec,
  FLOAT,
  HASHES,
  HEX,
  INTEGER,
  int,
  list,
  obj,
  ov,
  ref,
  refs,
  req,
  STRING,
  STRINGS,
} from './spec-builders.js';

const SIZE = int(0);

/** S104 archive-ext (file). */
export const ARCHIVE_EXT: ExtensionSpec = extensionSpec('archive-ext', 'S104', {
  contains_refs: req(refs('file', 'directory')),
  comment: STRING,
});

/** S105 ntfs-ext (file). */
export const NTFS_EXT: ExtensionSpec = extensionSpec(
  'ntfs-ext',
  'S105',
  {
    sid: STRING,
    alternate_data_streams: list(
      obj({ name: req(STRING), hashes: HASHES, size: SIZE }, { checklist: 'S105' }),
    ),
  },
  [atLeastOne('S105', 'sid', 'alternate_data_streams')],
);

/** S106 pdf-ext (file). */
export const PDF_EXT: ExtensionSpec = extensionSpec(
  'pdf-ext',
  'S106',
  {
    version: STRING,
    is_optimized: BOOLEAN,
    document_info_dict: dict(STRING),
    pdfid0: STRING,
    pdfid1: STRING,
  },
  [atLeastOne('S106', 'version', 'is_optimized', 'document_info_dict', 'pdfid0', 'pdfid1')],
);

/** S107 raster-image-ext (file). */
export const RASTER_IMAGE_EXT: ExtensionSpec = extensionSpec(
  'raster-image-ext',
  'S107',
  { image_height: INTEGER, image_width: INTEGER, bits_per_pixel: INTEGER, exif_tags: DICTIONARY },
  [atLeastOne('S107', 'image_height', 'image_width', 'bits_per_pixel', 'exif_tags')],
);

const OPTIONAL_HEADER_INTEGERS = [
  'major_linker_version',
  'minor_linker_version',
  'address_of_entry_point',
  'base_of_code',
  'base_of_data',
  'image_base',
  'section_alignment',
  'file_alignment',
  'major_os_version',
  'minor_os_version',
  'major_image_version',
  'minor_image_version',
  'major_subsystem_version',
  'minor_subsystem_version',
  'number_of_rva_and_sizes',
];
const OPTIONAL_HEADER_SIZES = [
  'size_of_code',
  'size_of_initialized_data',
  'size_of_uninitialized_data',
  'size_of_image',
  'size_of_headers',
  'size_of_stack_reserve',
  'size_of_stack_commit',
  'size_of_heap_reserve',
  'size_of_heap_commit',
];
const OPTIONAL_HEADER_HEX = [
  'magic_hex',
  'win32_version_value_hex',
  'checksum_hex',
  'subsystem_hex',
  'dll_characteristics_hex',
  'loader_flags_hex',
];

// S108: the windows-pe-optional-header-type needs at least one property.
const OPTIONAL_HEADER = obj(
  {
    ...Object.fromEntries(OPTIONAL_HEADER_INTEGERS.map((n) => [n, INTEGER])),
    ...Object.fromEntries(OPTIONAL_HEADER_SIZES.map((n) => [n, SIZE])),
    ...Object.fromEntries(OPTIONAL_HEADER_HEX.map((n) => [n, HEX])),
    hashes: HASHES,
  },
  { nonEmpty: true, checklist: 'S108' },
);

/** S108 windows-pebinary-ext (file). */
export const WINDOWS_PEBINARY_EXT: ExtensionSpec = extensionSpec('windows-pebinary-ext', 'S108', {
  pe_type: req(ov('windows-pebinary-type-ov')),
  imphash: STRING,
  machine_hex: HEX,
  number_of_sections: SIZE,
  // S108: time_date_stamp has second precision.
  time_date_stamp: Object.freeze({ kind: 'timestamp', precision: 'second' }),
  pointer_to_symbol_table_hex: HEX,
  number_of_symbols: SIZE,
  size_of_optional_header: SIZE,
  characteristics_hex: HEX,
  file_header_hashes: HASHES,
  optional_header: OPTIONAL_HEADER,
  sections: list(
    obj({ name: req(STRING), size: SIZE, entropy: FLOAT, hashes: HASHES }, { checklist: 'S108' }),
  ),
});

/** S109 http-request-ext (network-traffic). */
export const HTTP_REQUEST_EXT: ExtensionSpec = extensionSpec('http-request-ext', 'S109', {
  request_method: req(STRING),
  request_value: req(STRING),
  request_version: STRING,
  request_header: dict(STRINGS),
  message_body_length: SIZE,
  message_body_data_ref: ref('artifact'),
});

/** S110 icmp-ext (network-traffic). */
export const ICMP_EXT: ExtensionSpec = extensionSpec('icmp-ext', 'S110', {
  icmp_type_hex: req(HEX),
  icmp_code_hex: req(HEX),
});

/** S111 socket-ext (network-traffic). */
export const SOCKET_EXT: ExtensionSpec = extensionSpec('socket-ext', 'S111', {
  address_family: req(en('network-socket-address-family-enum')),
  is_blocking: BOOLEAN,
  is_listening: BOOLEAN,
  options: dict(INTEGER),
  socket_type: en('network-socket-type-enum'),
  socket_descriptor: SIZE,
  socket_handle: INTEGER,
});

/** S112 tcp-ext (network-traffic). */
export const TCP_EXT: ExtensionSpec = extensionSpec(
  'tcp-ext',
  'S112',
  { src_flags_hex: HEX, dst_flags_hex: HEX },
  [atLeastOne('S112', 'src_flags_hex', 'dst_flags_hex')],
);

/** S113 windows-process-ext (process). */
export const WINDOWS_PROCESS_EXT: ExtensionSpec = extensionSpec(
  'windows-process-ext',
  'S113',
  {
    aslr_enabled: BOOLEAN,
    dep_enabled: BOOLEAN,
    priority: STRING,
    owner_sid: STRING,
    window_title: STRING,
    startup_info: DICTIONARY,
    integrity_level: en('windows-integrity-level-enum'),
  },
  [
    atLeastOne(
      'S113',
      'aslr_enabled',
      'dep_enabled',
      'priority',
      'owner_sid',
      'window_title',
      'startup_info',
      'integrity_level',
    ),
  ],
);

/** S114 windows-service-ext (process). */
export const WINDOWS_SERVICE_EXT: ExtensionSpec = extensionSpec(
  'windows-service-ext',
  'S114',
  {
    service_name: STRING,
    descriptions: STRINGS,
    display_name: STRING,
    group_name: STRING,
    start_type: en('windows-service-start-type-enum'),
    service_dll_refs: refs('file'),
    service_type: en('windows-service-type-enum'),
    service_status: en('windows-service-status-enum'),
  },
  [
    atLeastOne(
      'S114',
      'service_name',
      'descriptions',
      'display_name',
      'group_name',
      'start_type',
      'service_dll_refs',
      'service_type',
      'service_status',
    ),
  ],
);

/** S115 unix-account-ext (user-account). */
export const UNIX_ACCOUNT_EXT: ExtensionSpec = extensionSpec(
  'unix-account-ext',
  'S115',
  { gid: INTEGER, groups: STRINGS, home_dir: STRING, shell: STRING },
  [atLeastOne('S115', 'gid', 'groups', 'home_dir', 'shell')],
);
