/**
 * Dispatches an object to the rules of its family (SDO, SRO, SCO, meta) and to the rules
 * every family shares (extensions, granular markings).
 */
import type { ObjectSpec } from '../catalog/property-spec.js';
import { isLanguageTag } from './language-tag.js';
import type { TypeOrigin } from './resolve-object-spec.js';
import { validateExtensions } from './validate-extensions.js';
import { validateGranularMarkings } from './validate-granular-markings.js';
import { validateMarkingDefinition } from './validate-marking-definition.js';
import { validateExtensionDefinition, validateLanguageContent } from './validate-meta.js';
import { validateSco } from './validate-sco.js';
import { validateSdoOrSro } from './validate-sdo-sro.js';
import { type IssueSink, own, quote } from './validation-issue.js';

/** Runs the family-specific checks of `object`. */
export function validateFamily(
  object: Record<string, unknown>,
  type: string,
  resolved: { readonly spec: ObjectSpec; readonly origin: TypeOrigin },
  uuid: string | undefined,
  sink: IssueSink,
): void {
  const { spec, origin } = resolved;
  validateExtensions(object, spec, origin, sink);
  validateGranularMarkings(object, sink);
  checkLang(object, sink);
  if (origin !== 'spec') return;
  switch (spec.category) {
    case 'sco':
      validateSco(object, spec, uuid, sink);
      return;
    case 'sdo':
    case 'sro':
      validateSdoOrSro(object, type, sink);
      return;
    case 'meta':
      if (type === 'marking-definition') validateMarkingDefinition(object, sink);
      else if (type === 'language-content') validateLanguageContent(object, sink);
      else validateExtensionDefinition(object, sink);
      return;
  }
}

/** S034: `lang` is an RFC 5646 language tag. */
function checkLang(object: Record<string, unknown>, sink: IssueSink): void {
  const lang = own(object, 'lang');
  if (typeof lang === 'string' && !isLanguageTag(lang)) {
    sink.report(
      'language-tag',
      '$.lang',
      `Property "lang" must be an RFC 5646 language tag, got ${quote(lang)}`,
    );
  }
}
