/**
 * S034: RFC 5646 language tags, checked for well-formedness (the registry is not consulted).
 */

// RFC 5646 §2.1 langtag (language[-script][-region]*(-variant)*(-extension)[-privateuse]),
// private-use tags and the irregular grandfathered forms, case-insensitive.
const LANGTAG_RE =
  /^(?:(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*(?:-[\da-wy-z](?:-[a-z\d]{2,8})+)*(?:-x(?:-[a-z\d]{1,8})+)?|x(?:-[a-z\d]{1,8})+|[a-z]{1,3}(?:-[a-z\d]{2,8}){1,2})$/i;

/** True when `tag` is a well-formed RFC 5646 language tag. */
export function isLanguageTag(tag: string): boolean {
  return tag.length <= 256 && LANGTAG_RE.test(tag);
}
