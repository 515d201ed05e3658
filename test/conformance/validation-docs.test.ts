import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULE_CODES } from '../../src/stix/index.js';

const doc = readFileSync(fileURLToPath(new URL('../../docs/validation.md', import.meta.url)), 'utf8');
const headings = [...doc.matchAll(/^### ([a-z-]+)$/gm)].map((m) => m[1]);

describe('docs/validation.md', () => {
  it('documents every rule code', () => {
    expect(RULE_CODES.filter((c) => !headings.includes(c))).toEqual([]);
  });

  it('documents no code the validator lacks', () => {
    expect(headings.filter((h) => h === undefined || !(RULE_CODES as readonly string[]).includes(h))).toEqual(
      [],
    );
  });
});
