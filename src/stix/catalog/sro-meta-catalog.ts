/**
 * The STIX 2.1 relationship objects (§5, S084–S085) and meta objects (§7: language-content
 * S116–S118, marking-definition S119–S122, extension-definition S128–S129).
 */
import {
  EXTENSION_DEFINITION_COMMON,
  LANGUAGE_CONTENT_COMMON,
  MARKING_COMMON,
  SDO_COMMON,
} from './common-properties.js';
import type { ObjectSpec } from './property-spec.js';
import {
  ANY,
  BOOLEAN,
  DICTIONARY,
  en,
  int,
  list,
  objectSpec,
  order,
  ref,
  refs,
  req,
  STRING,
  STRINGS,
  TIMESTAMP,
} from './spec-builders.js';

/** The two SROs. */
export const SRO_SPECS: readonly ObjectSpec[] = [
  objectSpec(
    'relationship',
    'sro',
    'S084',
    SDO_COMMON,
    {
      relationship_type: req(STRING),
      description: STRING,
      // S084: source and target are SDOs or SCOs, never SROs or meta objects.
      source_ref: req(ref('@sdo', '@sco')),
      target_ref: req(ref('@sdo', '@sco')),
      start_time: TIMESTAMP,
      stop_time: TIMESTAMP,
    },
    { constraints: [order('S084', 'start_time', 'stop_time', true)] },
  ),
  objectSpec(
    'sighting',
    'sro',
    'S085',
    SDO_COMMON,
    {
      description: STRING,
      first_seen: TIMESTAMP,
      last_seen: TIMESTAMP,
      count: int(0, 999_999_999),
      // S085: sighting_of_ref points at an SDO only.
      sighting_of_ref: req(ref('@sdo')),
      observed_data_refs: refs('observed-data'),
      where_sighted_refs: refs('identity', 'location'),
      summary: BOOLEAN,
    },
    { constraints: [order('S085', 'first_seen', 'last_seen')] },
  ),
];

/** The three meta object types. */
export const META_SPECS: readonly ObjectSpec[] = [
  objectSpec('language-content', 'meta', 'S116', LANGUAGE_CONTENT_COMMON, {
    object_ref: req(ref()),
    object_modified: TIMESTAMP,
    // S118: contents is checked by validate-language-content (language tags → translations).
    contents: req(DICTIONARY),
  }),
  objectSpec('marking-definition', 'meta', 'S119', MARKING_COMMON, {
    name: STRING,
    // S120: deprecated, but both required when `extensions` is absent, and every TLP 1.0
    // marking uses them, so they are not reported as deprecated.
    definition_type: STRING,
    definition: ANY,
  }),
  objectSpec('extension-definition', 'meta', 'S128', EXTENSION_DEFINITION_COMMON, {
    name: req(STRING),
    description: STRING,
    schema: req(STRING),
    version: req(STRING),
    extension_types: req(list(en('extension-type-enum'))),
    extension_properties: STRINGS,
  }),
];
