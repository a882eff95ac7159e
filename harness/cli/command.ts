import type { ExitCode } from './exit-codes.ts';
import type { CommandSpec, ParsedCommand } from './parse-command-line.ts';

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export interface Command {
  readonly spec: CommandSpec;
  run(parsed: ParsedCommand, io: CliIo): Promise<ExitCode>;
}
