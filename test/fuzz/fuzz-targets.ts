/**
 * What the coverage-guided fuzzer attacks, and what counts as a defect for each: the parsers
 * that read hostile input on the way in (issue 7). Each target allows exactly the rejection
 * its contract documents (a PatternSyntaxError, a HubError) and calls anything else a defect.
 */
import { Readable } from 'node:stream';
import { readStixInput } from '../../src/cli/read-stix-input.js';
import { isHubError } from '../../src/core/index.js';
import {
  formatPattern,
  inspectPattern,
  isPatternSyntaxError,
  matchPattern,
  parsePattern,
  validatePattern,
} from '../../src/pattern/index.js';
import { validateBundle, validateStixObject } from '../../src/stix/index.js';
import { acceptsTaxii21, isTaxii21ContentType } from '../../src/taxii/media-types.js';
import { parseObjectQuery, type RawQuery } from '../../src/taxii/parse-object-query.js';
import { FuzzDefect, type FuzzTarget } from './coverage-fuzzer.js';

const NOW = '2026-01-01T00:00:00Z';
const OBSERVATIONS = [
  { type: 'ipv4-addr', value: '198.51.100.7' },
  { type: 'domain-name', value: 'evil.example.com' },
  { type: 'file', name: 'a.exe', size: 4096, hashes: { 'SHA-256': 'ab'.repeat(32), MD5: 'cd'.repeat(16) } },
  {
    firstObserved: '2025-12-31T23:00:00Z',
    lastObserved: '2025-12-31T23:30:00Z',
    numberObserved: 3,
    objects: {
      '0': { type: 'ipv4-addr', value: '203.0.113.9' },
      '1': { type: 'network-traffic', src_ref: '0', dst_port: 443, protocols: ['tcp'] },
      '2': { type: 'email-message', is_multipart: false, subject: 'invoice', from_ref: '3' },
      '3': { type: 'email-addr', value: 'a@example.com' },
    },
  },
];

/** Anything thrown that is not the contract's own rejection is a defect. */
function allowOnly(allowed: (e: unknown) => boolean, work: () => void): void {
  try {
    work();
  } catch (error) {
    if (!allowed(error)) throw error;
  }
}

/** Prototype pollution: parsing hostile JSON must leave Object.prototype untouched. */
function assertPrototypeClean(): void {
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined || Object.keys(Object.prototype).length > 0)
    throw new FuzzDefect('Object.prototype was modified');
}

export const patternTarget: FuzzTarget = {
  name: 'pattern',
  maxLength: 4_096,
  seeds: [
    "[ipv4-addr:value = '198.51.100.7']",
    "[ipv4-addr:value ISSUBSET '198.51.100.0/24'] AND [domain-name:value LIKE '%.example.com']",
    "[file:hashes.'SHA-256' = 'abababababababababababababababababababababababababababababababab' OR file:size > 1000]",
    "[network-traffic:src_ref.value = '203.0.113.9' AND network-traffic:dst_port IN (80, 443)] FOLLOWEDBY [email-message:from_ref.value MATCHES '^a@'] WITHIN 3600 SECONDS",
    "[email-message:subject NOT = 'x'] REPEATS 2 TIMES START t'2025-01-01T00:00:00Z' STOP t'2027-01-01T00:00:00Z'",
    "[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.5] OR [x-custom:x_field EXISTS]",
    "[artifact:payload_bin = b'aGVsbG8=' AND artifact:hashes.MD5 = h'cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd']",
    "[process:command_line MATCHES '(a|b)+c' AND process:pid >= -1.5e3 AND process:is_hidden = true]",
  ],
  dictionary: [
    '[',
    ']',
    '(',
    ')',
    ':',
    '.',
    ',',
    "'",
    '=',
    '!=',
    '<',
    '<=',
    '>',
    '>=',
    ' AND ',
    ' OR ',
    ' NOT ',
    ' IN ',
    ' LIKE ',
    ' MATCHES ',
    ' ISSUBSET ',
    ' ISSUPERSET ',
    ' EXISTS ',
    ' FOLLOWEDBY ',
    ' WITHIN ',
    ' SECONDS',
    ' REPEATS ',
    ' TIMES',
    ' START ',
    ' STOP ',
    "t'2025-01-01T00:00:00Z'",
    "h'00ff'",
    "b'AA=='",
    '[*]',
    '[0]',
    '[-1]',
    'ipv4-addr',
    'ipv6-addr',
    'file',
    'hashes',
    "'SHA-256'",
    'value',
    'true',
    'false',
    '1e309',
    '-0',
    '9007199254740993',
    "'::1/128'",
    "'10.0.0.0/8'",
    "'(a+)+$'",
    "'%'",
    "'_'",
    '\\\\',
  ],
  run(input) {
    allowOnly(isPatternSyntaxError, () => {
      // validatePattern reports problems as findings; it must never throw.
      validatePattern(input);
      const ast = parsePattern(input);
      inspectPattern(ast);
      const text = formatPattern(ast);
      let again: string;
      try {
        again = formatPattern(parsePattern(text));
      } catch (error) {
        throw new FuzzDefect(`the formatted pattern does not parse: ${text} (${(error as Error).message})`);
      }
      if (again !== text) throw new FuzzDefect(`formatting is not stable: ${text} → ${again}`);
      matchPattern(ast, OBSERVATIONS, { now: NOW });
    });
  },
};

const QUERY_LIMITS = { defaultPageSize: 100, maxPageSize: 1_000, maxMatchValues: 100 };
const FILTER_SETS = ['objects', 'object', 'versions', 'delete'] as const;

export const queryTarget: FuzzTarget = {
  name: 'taxii-query',
  maxLength: 2_048,
  seeds: [
    'added_after=2026-01-01T00:00:00.123456Z&limit=10',
    'match[type]=indicator,malware&match[version]=first,last&match[spec_version]=2.1',
    'match[id]=indicator--6478991b-3af4-45f9-b649-b2c4e7acedc7&match[version]=all',
    'match[version]=2026-01-01T00:00:00Z&next=abc.def',
  ],
  dictionary: [
    '&',
    '=',
    ',',
    'added_after',
    'limit',
    'next',
    'match[id]',
    'match[type]',
    'match[version]',
    'match[spec_version]',
    '__proto__',
    'constructor',
    'first',
    'last',
    'all',
    '2.0',
    '2.1',
    '%00',
    '%2C',
    '2026-02-30T00:00:00Z',
    '1e3',
    '-1',
    '0x10',
  ],
  run(input) {
    const raw: Record<string, string | string[]> = Object.create(null);
    for (const [k, v] of new URLSearchParams(input)) {
      const had = raw[k];
      raw[k] = had === undefined ? v : [...(Array.isArray(had) ? had : [had]), v];
    }
    const set = FILTER_SETS[input.length % FILTER_SETS.length] ?? 'objects';
    allowOnly(isHubError, () => {
      parseObjectQuery(raw as RawQuery, set, QUERY_LIMITS);
    });
    assertPrototypeClean();
  },
};

export const mediaTypeTarget: FuzzTarget = {
  name: 'media-type',
  maxLength: 1_024,
  seeds: [
    'application/taxii+json;version=2.1',
    'application/taxii+json; version="2.1", */*;q=0.1',
    'text/html, application/*;q=0.5',
  ],
  dictionary: [
    ';',
    ',',
    '=',
    '"',
    'q=',
    'version=',
    'application',
    'taxii+json',
    'stix+json',
    '*/*',
    '2.0',
    '2.1',
  ],
  run(input) {
    // Both answer a boolean for any header text.
    acceptsTaxii21(input);
    isTaxii21ContentType(input);
  },
};

const STIX_SEEDS = [
  '{"type":"indicator","spec_version":"2.1","id":"indicator--6478991b-3af4-45f9-b649-b2c4e7acedc7","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","pattern":"[ipv4-addr:value = \'198.51.100.7\']","pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"}',
  '{"type":"bundle","id":"bundle--6478991b-3af4-45f9-b649-b2c4e7acedc8","objects":[{"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd","value":"198.51.100.3"}]}',
  '{"type":"relationship","spec_version":"2.1","id":"relationship--6478991b-3af4-45f9-b649-b2c4e7acedc9","created":"2026-01-01T00:00:00Z","modified":"2026-01-01T00:00:00Z","relationship_type":"uses","source_ref":"malware--6478991b-3af4-45f9-b649-b2c4e7acedca","target_ref":"tool--6478991b-3af4-45f9-b649-b2c4e7acedcb","object_marking_refs":["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"],"granular_markings":[{"marking_ref":"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82","selectors":["relationship_type"]}]}',
  '{"type":"file","spec_version":"2.1","id":"file--6478991b-3af4-45f9-b649-b2c4e7acedcc","name":"a","hashes":{"SHA-256":"abababababababababababababababababababababababababababababababab"},"extensions":{"windows-pebinary-ext":{"pe_type":"exe","sections":[{"name":".text","entropy":7.9}]},"extension-definition--6478991b-3af4-45f9-b649-b2c4e7acedcd":{"extension_type":"property-extension","x":[]}}}',
];

export const stixTarget: FuzzTarget = {
  name: 'stix-validate',
  maxLength: 8_192,
  seeds: STIX_SEEDS,
  dictionary: [
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    '"',
    'null',
    'true',
    '0',
    '-1',
    '1e400',
    '""',
    '[]',
    '{}',
    '"__proto__"',
    '"constructor"',
    '"prototype"',
    '"type"',
    '"id"',
    '"spec_version"',
    '"created"',
    '"modified"',
    '"object_marking_refs"',
    '"granular_markings"',
    '"selectors"',
    '"extensions"',
    '"external_references"',
    '"pattern"',
    '"valid_until"',
    '"2.0"',
    '"2026-13-01T00:00:00Z"',
    '"x_custom"',
    '"indicator"',
    '"sighting"',
    '"marking-definition"',
    '"language-content"',
    '"extension-definition"',
    '"contents"',
    '"objects"',
  ],
  run(input) {
    let value: unknown;
    try {
      value = JSON.parse(input);
    } catch {
      return; // not JSON: the HTTP layer rejects it before validation
    }
    // The validator reports issues; it must never throw, whatever the shape.
    validateStixObject(value);
    validateBundle(value);
    assertPrototypeClean();
  },
};

export const importTarget: FuzzTarget = {
  name: 'import',
  maxLength: 8_192,
  seeds: [
    STIX_SEEDS[1] as string,
    `${STIX_SEEDS[0]}\n${STIX_SEEDS[3]}\n`,
    `{"objects": [\n${STIX_SEEDS[0]}\n]}`,
  ],
  dictionary: [
    '\n',
    '\r\n',
    '{',
    '}',
    '[',
    ']',
    ',',
    '"objects"',
    '"type"',
    '"bundle"',
    '\u001f\u008b',
    'null',
  ],
  async run(input) {
    const io = {
      stdin: Readable.from([Buffer.from(input)]),
      stdout: { write: () => true },
      stderr: { write: () => true },
      env: {},
      cwd: '/',
    };
    try {
      for await (const batch of readStixInput(io, '-', 50))
        if (!Array.isArray(batch)) throw new FuzzDefect('not a batch');
    } catch (error) {
      if (!isHubError(error)) throw error;
    }
    assertPrototypeClean();
  },
};

export const FUZZ_TARGETS: readonly FuzzTarget[] = [
  patternTarget,
  queryTarget,
  mediaTypeTarget,
  stixTarget,
  importTarget,
];
