/**
 * The body a reader without attribution rights receives: every occurrence of the
 * submitter's identity ids (in `created_by_ref`, any other reference, or text) replaced by
 * the hub's identity. Working on the serialised text catches every place an id can hide;
 * STIX ids are `type--uuid`, so a replacement cannot split a longer token.
 *
 * @returns the anonymised JSON, or undefined when the body names none of the identities.
 */
export function anonymiseJson(
  json: string,
  sourceIdentityIds: readonly string[],
  hubIdentityId: string,
): string | undefined {
  let out = json;
  for (const id of sourceIdentityIds)
    if (id !== hubIdentityId && out.includes(id)) out = out.split(id).join(hubIdentityId);
  return out === json ? undefined : out;
}
