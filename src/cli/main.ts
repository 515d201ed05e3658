#!/usr/bin/env node
/**
 * The `cairn` command. The only file that calls process.exit.
 */
import { COMMANDS } from './commands/index.js';
import { runCli } from './run-cli.js';

const code = await runCli(
  process.argv.slice(2),
  {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  },
  COMMANDS,
);
process.exitCode = code;
// Let stdout drain; a server command has already closed its handles by now.
setImmediate(() => process.exit(code));
