import { describe, expect, it } from 'vitest';
import { isLanguageTag } from './language-tag.js';

describe('isLanguageTag (RFC 5646; checklist S034, S099, S118)', () => {
  it.each([
    'en',
    'EN-us',
    'zh-Hant-TW',
    'de-CH-1996',
    'haw',
    'fil',
    'cmn',
    'sgn-BE-FR',
    'i-klingon',
    'x-private',
    'en-GB-oed',
  ])('accepts %s', (tag) => {
    expect(isLanguageTag(tag)).toBe(true);
  });

  it.each([
    ['ENG', 'ISO 639-2 code of English, registered only as "en" (§2.2.1)'],
    ['ger', 'ISO 639-2/B code of German, registered only as "de"'],
    ['deu-CH', 'ISO 639-2/T code of German with a region'],
    ['Python', '5-8 letter language subtags must be registered, and none is'],
    ['abcd', '4-letter language subtags are reserved'],
    ['C#', 'not well-formed'],
    ['', 'empty'],
  ])('rejects %s (%s)', (tag) => {
    expect(isLanguageTag(tag)).toBe(false);
  });
});
