/**
 * S124: the shape of one granular-marking (selectors plus exactly one of `marking_ref` or
 * `lang`). Whether the selectors resolve is checked against the whole object by
 * validate-granular-markings.
 */
import { checkIdentifier, reportType } from './check-formats.js';
import { isLanguageTag } from './language-tag.js';
import { childPath, type IssueSink, indexPath, isRecord, own, quote } from './validation-issue.js';

/** Checks the structure of one granular marking. */
export function checkGranularMarkingShape(value: unknown, path: string, sink: IssueSink): void {
  if (!isRecord(value)) {
    reportType(sink, path, 'a granular-marking object', value);
    return;
  }
  const selectors = own(value, 'selectors');
  const selectorsPath = childPath(path, 'selectors');
  if (selectors === undefined) {
    sink.report('required-property', selectorsPath, 'Property "selectors" is required', 'S124');
  } else if (!Array.isArray(selectors)) {
    reportType(sink, selectorsPath, 'a list of strings', selectors);
  } else if (selectors.length === 0) {
    sink.report('empty-list', selectorsPath, 'Property "selectors" must not be an empty list', 'S124');
  } else {
    for (let i = 0; i < selectors.length; i++) {
      if (typeof selectors[i] !== 'string')
        reportType(sink, indexPath(selectorsPath, i), 'a string', selectors[i]);
    }
  }
  const markingRef = own(value, 'marking_ref');
  const lang = own(value, 'lang');
  if ((markingRef === undefined) === (lang === undefined)) {
    sink.report(
      'granular-marking',
      path,
      'A granular marking must have exactly one of "marking_ref" or "lang"',
    );
  }
  if (markingRef !== undefined) {
    const refPath = childPath(path, 'marking_ref');
    const type = checkIdentifier(markingRef, refPath, sink);
    if (type !== undefined && type !== 'marking-definition') {
      sink.report(
        'ref-type',
        refPath,
        `Property "marking_ref" must reference a marking-definition, got a ${quote(type)}`,
        'S124',
      );
    }
  }
  if (lang !== undefined) {
    if (typeof lang !== 'string') reportType(sink, childPath(path, 'lang'), 'a string', lang);
    else if (!isLanguageTag(lang)) {
      sink.report(
        'language-tag',
        childPath(path, 'lang'),
        `Property "lang" must be an RFC 5646 language tag, got ${quote(lang)}`,
      );
    }
  }
}
