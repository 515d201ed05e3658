/**
 * S034, S099, S118: RFC 5646 language tags. Checked for well-formedness, plus the two validity
 * rules of RFC 5646 §2.2.1 that need no registry look-up: no registered language subtag has
 * 4–8 letters (4 are reserved, 5–8 would have to be registered and none are), and a language
 * with an ISO 639-1 two-letter code is registered only under it, so its ISO 639-2 three-letter
 * codes (`eng`, `ger`/`deu`) are not valid. Other subtags are not checked against the registry.
 */

// RFC 5646 §2.1 langtag (language[-script][-region]*(-variant)*(-extension)[-privateuse]),
// private-use tags and the irregular grandfathered forms, case-insensitive.
const LANGTAG_RE =
  /^(?:(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*(?:-[\da-wy-z](?:-[a-z\d]{2,8})+)*(?:-x(?:-[a-z\d]{1,8})+)?|x(?:-[a-z\d]{1,8})+|[a-z]{1,3}(?:-[a-z\d]{2,8}){1,2})$/i;
// The primary language subtag of a langtag; private-use (`x-…`) and the irregular grandfathered
// forms (`i-…`) have none, and the regular grandfathered ones start with 2–3 letters.
const PRIMARY_RE = /^[a-z]{2,8}(?=-|$)/i;

/** ISO 639-2 (bibliographic and terminology) codes of the languages that have an ISO 639-1 code. */
const ISO_639_2_WITH_639_1 = new Set(
  (
    'aar abk afr aka alb amh ara arg arm asm ava ave aym aze bak bam baq bel ben bis bod bos bre bul ' +
    'bur cat ces cha che chi chu chv cor cos cre cym cze dan deu div dut dzo ell eng epo est eus ewe ' +
    'fao fas fij fin fra fre fry ful geo ger gla gle glg glv gre grn guj hat hau heb her hin hmo ' +
    'hrv hun hye ibo ice ido iii iku ile ina ind ipk isl ita jav jpn kal kan kas kat kau kaz khm kik ' +
    'kin kir kom kon kor kua kur lao lat lav lim lin lit ltz lub lug mac mah mal mao mar may mkd mlg ' +
    'mlt mol mon mri msa mya nau nav nbl nde ndo nep nld nno nob nor nya oci oji ori orm oss pan per ' +
    'pli pol por pus que roh ron rum run rus sag san scc scr sin slk slo slv sme smo sna snd som sot ' +
    'spa sqi srd srp ssw sun swa swe tah tam tat tel tgk tha tib tir ton tsn tso tuk tur twi uig ukr ' +
    'urd uzb ven vie vol wel wln wol xho yid yor zha zho zul'
  ).split(' '),
);

/** True when `tag` is a well-formed RFC 5646 language tag whose primary language can be valid. */
export function isLanguageTag(tag: string): boolean {
  if (tag.length > 256 || !LANGTAG_RE.test(tag)) return false;
  const primary = PRIMARY_RE.exec(tag)?.[0].toLowerCase();
  if (primary === undefined) return true;
  if (primary.length >= 4) return false;
  return primary.length === 2 || !ISO_639_2_WITH_639_1.has(primary);
}
