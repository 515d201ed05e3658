/**
 * STIX 2.1 §3.2 common properties per object category (checklist S025–S039 and the
 * applicability matrix of checklist §3).
 */
import type { PropertySpec } from './property-spec.js';
import { BOOLEAN, int, list, type PropertyTable, ref, refs, req, STRING, STRINGS } from './spec-builders.js';

const TYPE: PropertySpec = req(STRING);
const ID: PropertySpec = Object.freeze({ kind: 'identifier', required: true, checklist: 'S027' });
// S029/S030: created and modified need at least millisecond precision.
const CREATED: PropertySpec = Object.freeze({
  kind: 'timestamp',
  required: true,
  precision: 'millisecond',
  checklist: 'S029',
});
const MODIFIED: PropertySpec = Object.freeze({
  kind: 'timestamp',
  required: true,
  precision: 'millisecond',
  checklist: 'S030',
});
const EXTERNAL_REFERENCES = list({ kind: 'external-reference' });
const OBJECT_MARKING_REFS = refs('marking-definition');
const GRANULAR_MARKINGS = list({ kind: 'granular-marking' });
const EXTENSIONS: PropertySpec = Object.freeze({ kind: 'extensions', checklist: 'S039' });
// S028 / B9: created_by_ref targets an identity.
const CREATED_BY_REF = ref('identity');

/** Common properties of SDOs and SROs (S025–S039). */
export const SDO_COMMON: PropertyTable = {
  type: TYPE,
  spec_version: req(STRING),
  id: ID,
  created_by_ref: CREATED_BY_REF,
  created: CREATED,
  modified: MODIFIED,
  revoked: BOOLEAN,
  labels: STRINGS,
  confidence: int(0, 100),
  lang: STRING,
  external_references: EXTERNAL_REFERENCES,
  object_marking_refs: OBJECT_MARKING_REFS,
  granular_markings: GRANULAR_MARKINGS,
  extensions: EXTENSIONS,
};

/** Common properties of SCOs (S026, S038; §6 "all SCOs"). */
export const SCO_COMMON: PropertyTable = {
  type: TYPE,
  spec_version: STRING,
  id: ID,
  object_marking_refs: OBJECT_MARKING_REFS,
  granular_markings: GRANULAR_MARKINGS,
  defanged: BOOLEAN,
  extensions: EXTENSIONS,
};

/** Common properties of language-content (S116). */
export const LANGUAGE_CONTENT_COMMON: PropertyTable = {
  type: TYPE,
  spec_version: req(STRING),
  id: ID,
  created_by_ref: CREATED_BY_REF,
  created: CREATED,
  modified: MODIFIED,
  revoked: BOOLEAN,
  labels: STRINGS,
  confidence: int(0, 100),
  external_references: EXTERNAL_REFERENCES,
  object_marking_refs: OBJECT_MARKING_REFS,
  granular_markings: GRANULAR_MARKINGS,
  extensions: EXTENSIONS,
};

/** Common properties of marking-definition (S119): never versioned, so no `modified`. */
export const MARKING_COMMON: PropertyTable = {
  type: TYPE,
  spec_version: req(STRING),
  id: ID,
  created_by_ref: CREATED_BY_REF,
  created: CREATED,
  external_references: EXTERNAL_REFERENCES,
  object_marking_refs: OBJECT_MARKING_REFS,
  granular_markings: GRANULAR_MARKINGS,
  extensions: EXTENSIONS,
};

/** Common properties of extension-definition (S128): `created_by_ref` required, no `extensions`. */
export const EXTENSION_DEFINITION_COMMON: PropertyTable = {
  type: TYPE,
  spec_version: req(STRING),
  id: ID,
  created_by_ref: req(CREATED_BY_REF),
  created: CREATED,
  modified: MODIFIED,
  revoked: BOOLEAN,
  labels: STRINGS,
  external_references: EXTERNAL_REFERENCES,
  object_marking_refs: OBJECT_MARKING_REFS,
  granular_markings: GRANULAR_MARKINGS,
};
