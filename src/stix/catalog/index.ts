/**
 * The STIX 2.1 object catalogue: plain data describing every spec-defined type, read by the
 * validator and (read-only) by the pattern language.
 */
export { categoryOf, OBJECT_CATALOG, SCO_CATALOG } from './object-catalog.js';
export type {
  ExtensionSpec,
  ObjectCategory,
  ObjectSpec,
  PropertyConstraint,
  PropertyKind,
  PropertySpec,
  RefCategory,
} from './property-spec.js';
export { VOCABULARIES, type VocabularyName } from './vocabularies.js';
