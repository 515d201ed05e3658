/**
 * SCO rules beyond the catalogue (§6; checklist S089–S103): value formats, multipart e-mail,
 * active network traffic, objects that need at least one specific property, and ids (S043).
 */
import type { ObjectSpec } from '../catalog/property-spec.js';
import { isLanguageTag } from './language-tag.js';
import { checkScoId } from './sco-id.js';
import { type IssueSink, indexPath, own, quote } from './validation-issue.js';

// S095: a single colon-delimited, lowercase MAC-48 address with leading zeros.
const MAC_RE = /^(?:[0-9a-f]{2}:){5}[0-9a-f]{2}$/;
// S093: one IPv4 address or CIDR block.
const IPV4_RE =
  /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\/(?:3[0-2]|[12]?\d))?$/;
// S094: one IPv6 address (hex groups, at most one "::", optional dotted IPv4 tail) or CIDR block.
const IPV6_RE = /^[0-9a-fA-F:.]{2,45}(?:\/(?:12[0-8]|1[01]\d|[1-9]?\d))?$/;
// S089: RFC 1034 names; labels of 1–63 characters, no whitespace or URL syntax (IDN labels allowed).
const DOMAIN_LABEL_FORBIDDEN_RE = /[\s/\\?#@:]/;
// S100: RFC 3986 URI: a scheme, then no whitespace.
const URL_RE = /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/;
// S102: the predefined Windows registry hives, by their full names.
const REGISTRY_HIVES: ReadonlySet<string> = new Set([
  'HKEY_CLASSES_ROOT',
  'HKEY_CURRENT_CONFIG',
  'HKEY_CURRENT_USER',
  'HKEY_CURRENT_USER_LOCAL_SETTINGS',
  'HKEY_DYN_DATA',
  'HKEY_LOCAL_MACHINE',
  'HKEY_PERFORMANCE_DATA',
  'HKEY_PERFORMANCE_NLSTEXT',
  'HKEY_PERFORMANCE_TEXT',
  'HKEY_USERS',
]);
const SCO_COMMON_NAMES = new Set([
  'type',
  'id',
  'spec_version',
  'object_marking_refs',
  'granular_markings',
  'defanged',
]);

/** Runs the SCO rules for `object`. */
export function validateSco(
  object: Record<string, unknown>,
  spec: ObjectSpec,
  uuid: string | undefined,
  sink: IssueSink,
): void {
  if (uuid !== undefined) checkScoId(object, spec, uuid, sink);
  const value = own(object, 'value');
  switch (spec.type) {
    case 'mac-addr':
      if (typeof value === 'string' && !MAC_RE.test(value)) {
        sink.report(
          'observable-value',
          '$.value',
          `A MAC address must be colon-delimited lowercase MAC-48 like "00:00:ab:cd:ef:01", got ${quote(value)}`,
          'S095',
        );
      }
      break;
    case 'ipv4-addr':
      if (typeof value === 'string' && !IPV4_RE.test(value)) {
        sink.report(
          'observable-value',
          '$.value',
          `An IPv4 address must be one address or CIDR block, got ${quote(value)}`,
          'S093',
        );
      }
      break;
    case 'ipv6-addr':
      if (typeof value === 'string' && !isIpv6(value)) {
        sink.report(
          'observable-value',
          '$.value',
          `An IPv6 address must be one address or CIDR block, got ${quote(value)}`,
          'S094',
        );
      }
      break;
    case 'domain-name':
      if (typeof value === 'string' && !isDomainName(value)) {
        sink.report(
          'observable-value',
          '$.value',
          `A domain name must follow RFC 1034, got ${quote(value)}`,
          'S089',
        );
      }
      break;
    case 'url':
      if (typeof value === 'string' && !URL_RE.test(value)) {
        sink.report(
          'observable-value',
          '$.value',
          `A URL must follow RFC 3986 (scheme, no whitespace), got ${quote(value)}`,
          'S100',
        );
      }
      break;
    case 'email-addr':
      if (typeof value === 'string' && value.includes('<')) {
        sink.report(
          'observable-value',
          '$.value',
          'An e-mail address must not include a display name: use "display_name"',
          'S090',
        );
      }
      break;
    case 'email-message':
      checkEmailBody(object, sink);
      break;
    case 'network-traffic':
      // S097: active traffic has no end.
      if (own(object, 'is_active') === true && Object.hasOwn(object, 'end')) {
        sink.report(
          'network-traffic-active',
          '$.end',
          'Property "end" must not be present when "is_active" is true',
        );
      }
      break;
    case 'software':
      checkLanguages(object, sink);
      break;
    case 'windows-registry-key':
      checkHasSpecificProperty(object, spec, sink);
      checkRegistryHive(object, sink);
      break;
    case 'process':
    case 'user-account':
    case 'x509-certificate':
      checkHasSpecificProperty(object, spec, sink);
      break;
  }
}

/** S099: every entry of `software.languages` is an RFC 5646 language tag. */
function checkLanguages(object: Record<string, unknown>, sink: IssueSink): void {
  const languages = own(object, 'languages');
  if (!Array.isArray(languages)) return; // the catalogue reports the wrong type
  for (let i = 0; i < languages.length; i++) {
    const tag: unknown = languages[i];
    if (typeof tag === 'string' && !isLanguageTag(tag)) {
      sink.report(
        'language-tag',
        indexPath('$.languages', i),
        `Each of "languages" must be an RFC 5646 language tag such as "en" or "zh-Hant", got ${quote(tag)}`,
        'S099',
      );
    }
  }
}

/**
 * S102: `key` starts with its hive, fully expanded (`HKEY_LOCAL_MACHINE`, not `HKLM`). Case
 * preservation is only a SHOULD, so the hive name is compared case-insensitively.
 */
function checkRegistryHive(object: Record<string, unknown>, sink: IssueSink): void {
  const key = own(object, 'key');
  if (typeof key !== 'string') return;
  const separator = key.indexOf('\\');
  const hive = (separator === -1 ? key : key.slice(0, separator)).toUpperCase();
  if (REGISTRY_HIVES.has(hive)) return;
  sink.report(
    'observable-value',
    '$.key',
    `A registry key must start with its full hive name such as "HKEY_LOCAL_MACHINE" (not "HKLM"), got ${quote(key)}`,
    'S102',
  );
}

/** S091: `body` only when not multipart, `body_multipart` only when multipart. */
function checkEmailBody(object: Record<string, unknown>, sink: IssueSink): void {
  const multipart = own(object, 'is_multipart');
  if (multipart === true && Object.hasOwn(object, 'body')) {
    sink.report('email-body', '$.body', 'Property "body" must not be used when "is_multipart" is true');
  } else if (multipart === false && Object.hasOwn(object, 'body_multipart')) {
    sink.report(
      'email-body',
      '$.body_multipart',
      'Property "body_multipart" must not be used when "is_multipart" is false',
    );
  }
}

/** S098, S101–S103: at least one property besides the common ones. */
function checkHasSpecificProperty(object: Record<string, unknown>, spec: ObjectSpec, sink: IssueSink): void {
  for (const key in object) {
    if (Object.hasOwn(object, key) && !SCO_COMMON_NAMES.has(key)) return;
  }
  sink.report(
    'missing-one-of',
    '$',
    `A ${spec.type} must have at least one ${spec.type}-specific property`,
    spec.checklist,
  );
}

function isIpv6(value: string): boolean {
  if (!IPV6_RE.test(value)) return false;
  const address = value.split('/')[0] ?? '';
  const doubles = address.split('::').length - 1;
  if (doubles > 1) return false;
  const groups = address.split(':').filter((g) => g.length > 0);
  const last = groups[groups.length - 1] ?? '';
  const ipv4Tail = last.includes('.');
  if (ipv4Tail && !IPV4_RE.test(last)) return false;
  const hexGroups = ipv4Tail ? groups.slice(0, -1) : groups;
  if (!hexGroups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const width = hexGroups.length + (ipv4Tail ? 2 : 0);
  return doubles === 1 ? width < 8 : width === 8;
}

function isDomainName(value: string): boolean {
  if (value.length === 0 || value.length > 253 || DOMAIN_LABEL_FORBIDDEN_RE.test(value)) return false;
  const labels = value.endsWith('.') ? value.slice(0, -1).split('.') : value.split('.');
  return labels.every((l) => l.length > 0 && l.length <= 63);
}
