/** One string of an object the detectors examine. */
export interface TextField {
  readonly keys: readonly (string | number)[];
  readonly text: string;
}

/** Free-text properties, examined in every object type. */
const FREE_TEXT = ['name', 'description', 'content', 'abstract', 'explanation'] as const;

/** Identity-revealing properties of observables and identities, by object type. */
const REVEALING: Readonly<Record<string, readonly string[]>> = {
  'email-addr': ['value', 'display_name'],
  'user-account': ['user_id', 'account_login', 'display_name'],
  'email-message': ['subject', 'body'],
  identity: ['contact_information'],
};

/** Address headers of an e-mail message, matched case-insensitively. */
const ADDRESS_HEADERS = new Set(['from', 'to', 'cc', 'bcc', 'reply-to', 'sender']);

/**
 * The strings of a STIX object that may carry personal data (DESIGN.md §3). An indicator's
 * `pattern` is never among them: patterns legitimately name addresses and accounts, and
 * they are what the hub exists to share.
 */
export function piiFields(object: Readonly<Record<string, unknown>>): TextField[] {
  const fields: TextField[] = [];
  const take = (keys: readonly (string | number)[], value: unknown) => {
    if (typeof value === 'string' && value.length > 0) fields.push({ keys, text: value });
  };
  const type = typeof object.type === 'string' ? object.type : '';
  const names = new Set<string>([...FREE_TEXT, ...(REVEALING[type] ?? [])]);
  for (const name of names) take([name], object[name]);
  if (Array.isArray(object.external_references)) {
    object.external_references.forEach((ref, i) => {
      if (typeof ref === 'object' && ref !== null)
        take(['external_references', i, 'description'], (ref as Record<string, unknown>).description);
    });
  }
  if (type === 'email-message') emailParts(object, take);
  return fields;
}

function emailParts(
  object: Readonly<Record<string, unknown>>,
  take: (keys: readonly (string | number)[], value: unknown) => void,
): void {
  const headers = object.additional_header_fields;
  if (typeof headers === 'object' && headers !== null && !Array.isArray(headers)) {
    for (const [name, value] of Object.entries(headers)) {
      if (!ADDRESS_HEADERS.has(name.toLowerCase())) continue;
      if (Array.isArray(value)) {
        value.forEach((v, i) => {
          take(['additional_header_fields', name, i], v);
        });
      } else take(['additional_header_fields', name], value);
    }
  }
  if (Array.isArray(object.body_multipart)) {
    object.body_multipart.forEach((part, i) => {
      if (typeof part === 'object' && part !== null)
        take(['body_multipart', i, 'body'], (part as Record<string, unknown>).body);
    });
  }
}

/** `$.a[0].b` for keys `a`, 0, `b`; names that are not identifiers are bracketed. */
export function jsonPath(keys: readonly (string | number)[]): string {
  return keys.reduce<string>(
    (path, k) =>
      typeof k === 'number'
        ? `${path}[${k}]`
        : /^[A-Za-z_][\w]*$/.test(k)
          ? `${path}.${k}`
          : `${path}[${JSON.stringify(k)}]`,
    '$',
  );
}
