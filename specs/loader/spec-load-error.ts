/**
 * A spec that cannot be loaded. The message is one line, `<file>: <what is wrong>`, because it ends up in a CLI
 * exit message and a report line: a stack trace or a multi-line library dump there hides the one fact the
 * reader needs.
 */
export class SpecLoadError extends Error {
  override readonly name = 'SpecLoadError';

  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${oneLine(problem)}`);
  }
}

/** Collapses a library's multi-line message to one line; drops anything that looks like a stack frame. */
export function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !/^at\s.+[(:]\S*\d+(:\d+)?\)?$/.test(line))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The one-line text of anything thrown, whatever its type. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return oneLine(error.message) || error.name;
  return oneLine(String(error));
}
