import type { Command, CliIo } from './command.ts';
import { certifyCommand } from './commands/certify-command.ts';
import { EXIT, UsageError, type ExitCode } from './exit-codes.ts';
import { parseCommandLine } from './parse-command-line.ts';

const COMMANDS: readonly Command[] = [certifyCommand];

function helpText(): string {
  const width = Math.max(...COMMANDS.map((command) => command.spec.name.length));
  return [
    'bsck — Banking Service Provider Conformance Kit',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.spec.name.padEnd(width)}  ${command.spec.summary}`),
    '',
    'Exit codes: 0 conformant · 1 non-conformant · 2 usage or config error · 3 the kit failed · 130 interrupted',
    'Run `bsck <command> --help` for a command\'s options.',
  ].join('\n');
}

/** Runs one command line and returns its exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return name === undefined ? EXIT.usage : EXIT.conformant;
  }
  const command = COMMANDS.find((candidate) => candidate.spec.name === name);
  if (!command) {
    io.err(`bsck: unknown command "${name}" (commands: ${COMMANDS.map((c) => c.spec.name).join(', ')})`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.spec.summary}\n\nUsage: ${command.spec.usage}`);
    return EXIT.conformant;
  }
  try {
    return await command.run(parseCommandLine(command.spec, rest), io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      return EXIT.usage;
    }
    io.err(`bsck: the kit failed: ${(error as Error).message}`);
    return EXIT.kitFailure;
  }
}
