/**
 * Prints source files over the review flag (400 lines) and fails on any over the split
 * limit (600 lines), per STYLE.md §13. Generated files and fixtures are not under src/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const FLAG = 400;
const LIMIT = 600;

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (path.endsWith('.ts') && !path.endsWith('.test.ts')) yield path;
  }
}

const sizes = [...sourceFiles('src')].map((path) => ({
  path,
  lines: readFileSync(path, 'utf8').split('\n').length,
}));
const flagged = sizes.filter((s) => s.lines > FLAG).sort((a, b) => b.lines - a.lines);
for (const s of flagged) console.log(`${s.lines > LIMIT ? 'ERROR' : 'warn '} ${s.path}: ${s.lines} lines`);
const sorted = sizes.map((s) => s.lines).sort((a, b) => a - b);
console.log(`${sizes.length} source files, median ${sorted[Math.floor(sorted.length / 2)] ?? 0} lines`);
if (flagged.some((s) => s.lines > LIMIT)) process.exitCode = 1;
