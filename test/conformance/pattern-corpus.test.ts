import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { formatPattern, parsePattern } from '../../src/pattern/index.js';

// The shared corpus sits beside the repository (../shared/corpus in CI, /work/shared/corpus here).
const CORPUS = new URL('../../../shared/corpus/', import.meta.url);

interface Found {
  readonly file: string;
  readonly pattern: string;
}

function collectStixPatterns(): Found[] {
  const root = fileURLToPath(CORPUS);
  const out: Found[] = [];
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.json(\.gz)?$/.test(entry.name)) continue;
    const path = `${entry.parentPath}/${entry.name}`;
    let bytes = readFileSync(path);
    if (entry.name.endsWith('.gz')) bytes = gunzipSync(bytes);
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      continue; // invalid/ holds deliberately broken JSON
    }
    visit(json, (o) => {
      const stixPattern = o.pattern_type === undefined || o.pattern_type === 'stix';
      if (o.type === 'indicator' && typeof o.pattern === 'string' && stixPattern) {
        out.push({ file: path.slice(root.length), pattern: o.pattern });
      }
    });
  }
  return out;
}

function visit(value: unknown, found: (o: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) for (const v of value) visit(v, found);
  else if (typeof value === 'object' && value !== null) {
    found(value as Record<string, unknown>);
    for (const v of Object.values(value)) visit(v, found);
  }
}

describe('pattern corpus (issue 4: every corpus pattern parses and round-trips)', () => {
  const patterns = collectStixPatterns();
  const distinct = [...new Map(patterns.map((p) => [p.pattern, p])).values()];

  it('finds the STIX indicators of the shared corpus', () => {
    expect(distinct.length).toBeGreaterThan(1000);
  });

  it('parses every STIX pattern of the corpus', () => {
    const failures = distinct.flatMap((p) => {
      try {
        parsePattern(p.pattern);
        return [];
      } catch (error) {
        return [`${p.file}: ${p.pattern.slice(0, 120)} → ${(error as Error).message}`];
      }
    });
    expect(failures).toEqual([]);
  });

  it('round-trips every corpus pattern through formatPattern to the same tree', () => {
    const failures = distinct.flatMap((p) => {
      const ast = parsePattern(p.pattern);
      const text = formatPattern(ast);
      const again = parsePattern(text);
      return JSON.stringify(again) === JSON.stringify(ast) && formatPattern(again) === text
        ? []
        : [p.pattern];
    });
    expect(failures).toEqual([]);
  });
});
