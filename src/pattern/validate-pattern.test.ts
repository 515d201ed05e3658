import { describe, expect, it } from 'vitest';
import { validatePattern } from './validate-pattern.js';

const codes = (text: string, allowCustom = false) =>
  validatePattern(text, { allowCustom }).map((i) => `${i.severity}:${i.code}`);

describe('validatePattern', () => {
  it.each([
    "[ipv4-addr:value = '198.51.100.1']",
    "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
    "[network-traffic:dst_ref.value ISSUBSET '2001:db8::/64']",
    "[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]",
    "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$']",
    "([file:name = 'a'] FOLLOWEDBY [process:command_line = 'b']) WITHIN 300 SECONDS",
    "[ipv4-addr:value = '1.2.3.4'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
  ])('accepts %s', (text) => {
    expect(codes(text)).toEqual([]);
  });

  it.each([
    ['[file:size = ]', 'error:PATTERN_SYNTAX'],
    ["[ipv4-addr:value = '1.2.3.4' AND domain-name:value = 'x']", 'error:PATTERN_AND_ACROSS_TYPES'],
    ["[(ipv4-addr:value = '1.2.3.4' OR domain-name:value = 'x') AND domain-name:value = 'y']", undefined],
    ["[foo:bar = 'x']", 'error:PATTERN_UNKNOWN_TYPE'],
    ["[file:created = t'2014-01-13T07:03:17Z']", 'error:PATTERN_UNKNOWN_PROPERTY'],
    ["[file:name ISSUBSET '10.0.0.0/8']", 'error:PATTERN_OPERATOR_TYPE'],
    ["[ipv4-addr:value ISSUBSET '10.0.0.0/99']", 'error:PATTERN_BAD_CIDR'],
    ["[file:size MATCHES '1']", 'error:PATTERN_OPERATOR_TYPE'],
    ["[file:hashes.'SHA-256' = 'f00']", 'error:PATTERN_BAD_HASH'],
    ["[file:hashes.SHA256 = 'f00']", 'warning:PATTERN_HASH_ALGORITHM'],
    ["[file:name MATCHES '(?<=a)b']", 'error:PATTERN_BAD_REGEX'],
    ["[file:name MATCHES '(a)\\\\1']", 'error:PATTERN_BAD_REGEX'],
    ["[file:ctime = t'2023-02-29T00:00:00Z']", 'error:PATTERN_BAD_TIMESTAMP'],
    ["[file:name = 'a'] WITHIN 0 SECONDS", 'error:PATTERN_BAD_QUALIFIER'],
    ["[file:name = 'a'] REPEATS 0 TIMES", 'error:PATTERN_BAD_QUALIFIER'],
    [
      "[file:name = 'a'] START t'2016-07-01T00:00:00Z' STOP t'2016-06-01T00:00:00Z'",
      'error:PATTERN_BAD_QUALIFIER',
    ],
    ["[file:name = 'a'] WITHIN 5 SECONDS WITHIN 6 SECONDS", 'error:PATTERN_DUPLICATE_QUALIFIER'],
    ["[file:size = '371712']", 'warning:PATTERN_LITERAL_TYPE'],
    ["[network-traffic:protocols = 'tcp']", 'warning:PATTERN_LIST_WITHOUT_INDEX'],
    ["[file:name IN ('a', 1)]", 'warning:PATTERN_MIXED_SET'],
    ['[network-traffic:protocols[-1] = 1]', 'warning:PATTERN_NEGATIVE_INDEX'],
  ])('reports %s as %s (checklist 18)', (text, expected) => {
    if (expected === undefined) expect(codes(text)).toEqual([]);
    else expect(codes(text)).toContain(expected);
  });

  it('allows custom x- types and x_ properties with allowCustom', () => {
    expect(codes("[x-usb-device:serial = '1' AND x-usb-device:x_vendor = 'a']", true)).toEqual([]);
    expect(codes("[file:x_id = 'a']", true)).toEqual([]);
    expect(codes("[file:x_id = 'a']")).toEqual(['error:PATTERN_UNKNOWN_PROPERTY']);
    expect(codes("[usb-device:serial = '1']", true)).toEqual(['warning:PATTERN_UNKNOWN_TYPE']);
  });

  it.each([
    "[file:x_pivy_password = 'admin']",
    "[x-usb-device:serial_number = '1']",
    "[file:extensions.'ntfs-ext'.x_stream_count = 2]",
    "[file:extensions.'x-example-ext'.x_names[*] = 'a']",
    "[file:extensions.'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e'.rank = 5]",
    "[domain-name:resolves_to_refs[*].x_asn = 'a']",
    // Keys of dictionaries and hashes follow S011/S015, not the property name rule.
    "[email-message:additional_header_fields.'X-Mailer' = 'a']",
    "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
    // Values below a custom property are free-form.
    "[file:x_example.Field = 'a']",
  ])('S142/S156 accepts the custom property names of %s', (text) => {
    expect(codes(text, true)).toEqual([]);
  });

  it.each([
    ["[file:x_ID = 'a']", 'x_ID'],
    ["[file:x_PIVY_Password = 'a']", 'x_PIVY_Password'],
    ["[file:xy = 'a']", 'xy'],
    ["[x-usb-device:SerialNumber = '1']", 'SerialNumber'],
    ["[file:extensions.'ntfs-ext'.x_Streams = 2]", 'x_Streams'],
    ["[file:extensions.'x-example-ext'.Names = 'a']", 'Names'],
    ["[file:extensions.'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e'.Rank = 5]", 'Rank'],
    ["[domain-name:resolves_to_refs[*].'x-asn' = 'a']", 'x-asn'],
  ])(
    'S142/S156 rejects %s: custom property names are a-z, 0-9 and _ (even with allowCustom)',
    (text, name) => {
      const issues = validatePattern(text, { allowCustom: true }).filter((i) => i.severity === 'error');
      expect(issues).toMatchObject([{ code: 'PATTERN_PROPERTY_NAME' }]);
      expect(issues[0]?.message).toContain(`"${name}"`);
    },
  );

  it('gives the position of the offending test', () => {
    const [issue] = validatePattern("[file:name = 'a' AND\n file:bogus = 1]");
    expect(issue).toMatchObject({ code: 'PATTERN_UNKNOWN_PROPERTY', line: 2, column: 2 });
  });

  it('explains the RE2 limitation for PCRE-only features', () => {
    const [issue] = validatePattern("[file:name MATCHES 'a(?=b)']");
    expect(issue?.message).toMatch(/lookahead .* not supported by RE2/);
  });

  it('skips type checks when objectModel is null', () => {
    expect(validatePattern("[foo:bar = 'x']", { objectModel: null })).toEqual([]);
  });
});
