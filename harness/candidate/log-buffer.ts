import type { Redactor } from '../traffic/index.ts';

export const DEFAULT_MAX_LOG_BYTES = 256 * 1024;
/** A line longer than this is stored in pieces, so one endless line cannot hold everything in memory. */
const MAX_PENDING_LINE_CHARS = 16 * 1024;
const MAX_LAST_LINE_CHARS = 300;

export interface LogBuffer {
  append(chunk: string | Buffer): void;
  /** Everything kept, oldest first, with a note of what was dropped to stay within the bound. */
  text(): string;
  /** The last non-empty line, shortened: what a one-line error quotes. */
  lastLine(): string | undefined;
}

/**
 * The candidate's output, redacted line by line as it arrives (a secret is never stored, not even briefly), and
 * bounded by dropping the oldest lines: the end of a log is what explains a crash.
 */
export function createLogBuffer(redactor: Redactor, maxBytes = DEFAULT_MAX_LOG_BYTES): LogBuffer {
  const lines: string[] = [];
  let keptBytes = 0;
  let droppedBytes = 0;
  let pending = '';

  const keep = (line: string): void => {
    const redacted = redactor.redactText(line);
    lines.push(redacted);
    keptBytes += Buffer.byteLength(redacted) + 1;
    while (keptBytes > maxBytes && lines.length > 1) {
      const dropped = lines.shift() as string;
      const size = Buffer.byteLength(dropped) + 1;
      keptBytes -= size;
      droppedBytes += size;
    }
  };

  return {
    append(chunk) {
      pending += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      const parts = pending.split(/\r?\n/);
      pending = parts.pop() ?? '';
      for (const line of parts) keep(line);
      while (pending.length > MAX_PENDING_LINE_CHARS) {
        keep(pending.slice(0, MAX_PENDING_LINE_CHARS));
        pending = pending.slice(MAX_PENDING_LINE_CHARS);
      }
    },
    text() {
      const all = pending === '' ? lines : [...lines, redactor.redactText(pending)];
      const note = droppedBytes > 0 ? [`[… ${droppedBytes} earlier bytes of output dropped]`] : [];
      return [...note, ...all].join('\n');
    },
    lastLine() {
      const candidates = pending.trim() === '' ? lines : [...lines, redactor.redactText(pending)];
      for (let index = candidates.length - 1; index >= 0; index -= 1) {
        const line = (candidates[index] as string).trim();
        if (line !== '') return line.length > MAX_LAST_LINE_CHARS ? `${line.slice(0, MAX_LAST_LINE_CHARS)}…` : line;
      }
      return undefined;
    },
  };
}
