import { isHubError } from '../core/index.js';
import { type CliCommand, type CliIo, EXIT } from './cli-io.js';
import { UsageError } from './command-support.js';

/**
 * Finds the verb named by the leading words of `argv`, runs it and maps failures to exit
 * codes: HubError → `CODE: message` and 1; usage errors → the usage and 2.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: readonly CliCommand[],
): Promise<number> {
  const command = [...commands]
    .sort((a, b) => b.path.length - a.path.length)
    .find((c) => c.path.every((word, i) => argv[i] === word));
  if (command === undefined) {
    const wanted = argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help';
    (wanted ? io.stdout : io.stderr).write(helpText(commands));
    return wanted ? EXIT.ok : EXIT.usage;
  }
  const args = argv.slice(command.path.length);
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${command.summary}\n\nUsage: ${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\nUsage: ${command.usage}\n`);
      return EXIT.usage;
    }
    if (isHubError(error)) {
      io.stderr.write(`${error.code}: ${error.message}\n`);
      return EXIT.failure;
    }
    io.stderr.write(`Error: ${(error as Error)?.message ?? String(error)}\n`);
    return EXIT.failure;
  }
}

function helpText(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  const lines = commands.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  return `Cairn: a TAXII 2.1 threat-intelligence sharing hub\n\nUsage: cairn <command> [options]\n\n${lines.join('\n')}\n\nEvery command takes --help, --data DIR (or CAIRN_DATA) and --json.\n`;
}
