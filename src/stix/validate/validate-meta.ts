/**
 * Language content (§7.1; checklist S116–S118) and extension definitions (§7.3; S128, S129, S133).
 */
import { reportType } from './check-formats.js';
import { checkCustomName } from './check-value.js';
import { isLanguageTag } from './language-tag.js';
import { childPath, type IssueSink, indexPath, isRecord, own, quote } from './validation-issue.js';

/** S118: `contents` maps language tags to objects of translated properties. */
export function validateLanguageContent(object: Record<string, unknown>, sink: IssueSink): void {
  const contents = own(object, 'contents');
  if (!isRecord(contents)) return;
  for (const tag in contents) {
    if (!Object.hasOwn(contents, tag)) continue;
    const path = childPath('$.contents', tag);
    if (!isLanguageTag(tag)) {
      sink.report(
        'language-tag',
        path,
        `Key ${quote(tag)} of "contents" must be an RFC 5646 language tag`,
        'S118',
      );
    }
    const translations = contents[tag];
    if (!isRecord(translations)) {
      reportType(sink, path, 'an object of translated properties', translations);
      continue;
    }
    for (const name in translations) {
      if (Object.hasOwn(translations, name)) checkCustomName(name, childPath(path, name), sink);
    }
  }
}

/** S128/S129/S133: extension-definition rules beyond the catalogue. */
export function validateExtensionDefinition(object: Record<string, unknown>, sink: IssueSink): void {
  const types = own(object, 'extension_types');
  const properties = own(object, 'extension_properties');
  const toplevel = Array.isArray(types) && types.includes('toplevel-property-extension');
  if (properties !== undefined && !toplevel) {
    sink.report(
      'extension-properties',
      '$.extension_properties',
      'Property "extension_properties" is only allowed when "extension_types" contains "toplevel-property-extension"',
    );
  }
  if (Array.isArray(properties)) {
    for (let i = 0; i < properties.length; i++) {
      const name = properties[i];
      if (typeof name === 'string') checkCustomName(name, indexPath('$.extension_properties', i), sink);
    }
  }
  if (!Object.hasOwn(object, 'description')) {
    sink.report(
      'extension-description',
      '$.description',
      'An extension definition should have a "description"',
    );
  }
}
