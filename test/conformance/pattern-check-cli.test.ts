import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.js';
import { patternCheckCommand } from '../../src/cli/commands/pattern-check.js';

function fakeIo(stdin = ''): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    stdin: Readable.from([stdin]),
    env: {},
    cwd: '/',
    out: () => out,
    err: () => err,
  };
}

describe('cairn pattern check (issue 4 interface)', () => {
  it('prints "valid" and exits 0 for a valid pattern', async () => {
    const io = fakeIo();
    expect(await patternCheckCommand.run(["[ipv4-addr:value = '198.51.100.1']"], io)).toBe(0);
    expect(io.out()).toBe('valid\n');
  });

  it('prints the syntax error with line:column and what was expected, exit 1', async () => {
    const io = fakeIo();
    expect(await patternCheckCommand.run(['[file:size = ]'], io)).toBe(1);
    expect(io.err()).toBe('1:14 error: Cannot parse pattern: expected a literal, found "]" at 1:14\n');
  });

  it('prints a JSON object with --json', async () => {
    const io = fakeIo();
    expect(
      await patternCheckCommand.run(
        ['--json', "[ipv4-addr:value = '1.2.3.4' AND domain-name:value = 'x']"],
        io,
      ),
    ).toBe(1);
    const body = JSON.parse(io.out());
    expect(body.valid).toBe(false);
    expect(body.issues[0]).toMatchObject({
      code: 'PATTERN_AND_ACROSS_TYPES',
      severity: 'error',
      line: 1,
      column: 2,
    });
  });

  it('reads the pattern from stdin with "-"', async () => {
    const io = fakeIo("[domain-name:value = 'example.com']\n");
    expect(await patternCheckCommand.run(['-'], io)).toBe(0);
    expect(io.out()).toBe('valid\n');
  });

  it('exits 2 on usage errors', async () => {
    expect(await patternCheckCommand.run([], fakeIo())).toBe(2);
    expect(await patternCheckCommand.run(['--bogus', 'x'], fakeIo())).toBe(2);
    expect(await patternCheckCommand.run(['a', 'b'], fakeIo())).toBe(2);
  });

  it('accepts custom objects with --allow-custom', async () => {
    const io = fakeIo();
    expect(await patternCheckCommand.run(['--allow-custom', "[x-usb:serial = '1']"], io)).toBe(0);
  });
});
