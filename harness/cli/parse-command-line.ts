import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './exit-codes.ts';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /** One line: quoted in usage errors. */
  readonly usage: string;
  /** What `bsck <command> --help` prints after the usage line: options, defaults, exit codes. */
  readonly help?: string;
  readonly options: OptionSpec;
  readonly positionals?: { readonly min: number; readonly max: number };
  /** Sets of flags that cannot be combined, e.g. ['image', 'command', 'url']. */
  readonly exclusive?: readonly (readonly string[])[];
}

export interface ParsedCommand {
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
}

/** Parses strictly: an unknown flag, a missing value or a conflicting pair is a one-line UsageError. */
export function parseCommandLine(spec: CommandSpec, argv: readonly string[]): ParsedCommand {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options: spec.options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${spec.name}: ${describeParseError(error as Error & { code?: string })} (see: bsck ${spec.name} --help)`);
  }
  const { min, max } = spec.positionals ?? { min: 0, max: 0 };
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw new UsageError(`${spec.name}: expected ${expected} argument(s), got ${parsed.positionals.length} (usage: ${spec.usage})`);
  }
  for (const group of spec.exclusive ?? []) {
    const given = group.filter((name) => parsed.values[name] !== undefined);
    if (given.length > 1) throw new UsageError(`${spec.name}: ${given.map((name) => `--${name}`).join(' and ')} cannot be combined; choose one`);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

function describeParseError(error: Error & { code?: string }): string {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option}`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && / argument missing/.test(error.message)) return `option ${option} needs a value`;
  // `--config --out x`: parseArgs will not take a flag as a value, and says so in three lines.
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && / argument is ambiguous/.test(error.message)) {
    return `option ${option} needs a value, and is followed by another option (a value that starts with "-" is written ${option}=VALUE)`;
  }
  return error.message.split('\n')[0] ?? error.message;
}
