import type { Command, CliIo } from './command.ts';
import { certifyCommand } from './commands/certify-command.ts';
import { reviewCommand } from './commands/review-command.ts';
import { sandboxCommand } from './commands/sandbox-command.ts';
import { verifyPactCommand } from './commands/verify-pact-command.ts';
import { EXIT, UsageError, type ExitCode } from './exit-codes.ts';
import { parseCommandLine } from './parse-command-line.ts';

const COMMANDS: readonly Command[] = [certifyCommand, reviewCommand, verifyPactCommand, sandboxCommand];

function helpText(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.spec.name.length));
  return [
    'bsck — Banking Service Provider Conformance Kit',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.spec.name.padEnd(width)}  ${command.spec.summary}`),
    '',
    'Exit codes: 0 conformant · 1 non-conformant · 2 usage or config error · 3 the kit failed · 130 interrupted (Ctrl-C) · 143 terminated (SIGTERM)',
    '       review: 0 approve · 1 reject · 2 usage · 3 the kit failed · 4 tampered · 5 incomplete',
    'Run `bsck <command> --help` for a command\'s options.',
  ].join('\n');
}

/** Runs one command line and returns its exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly Command[] = COMMANDS): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText(commands));
    return name === undefined ? EXIT.usage : EXIT.conformant;
  }
  const command = commands.find((candidate) => candidate.spec.name === name);
  if (!command) {
    io.err(`bsck: unknown command "${name}" (commands: ${commands.map((c) => c.spec.name).join(', ')})`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.spec.summary}\n\nUsage: ${command.spec.usage}${command.spec.help ? `\n\n${command.spec.help}` : ''}`);
    return EXIT.conformant;
  }
  try {
    return await command.run(parseCommandLine(command.spec, rest), io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      return EXIT.usage;
    }
    // One line: the first of the message; a stack is for the kit's developers, not for a CI log.
    io.err(`bsck: the kit failed: ${((error as Error).message ?? String(error)).split('\n')[0]}`);
    return EXIT.kitFailure;
  }
}
