/**
 * JSON lines on stdout, one object per event. Secrets never reach this module by design (callers pass ids and
 * counts, never tokens); as a second line of defence any field whose name looks secret is replaced.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = Object.freeze(['debug', 'info', 'warn', 'error', 'silent']);

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
const SECRET_FIELD = /token|secret|password|authorization|api-?key|credential|otp|one-?time|cookie|header-?value/i;

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export type LogSink = (line: string) => void;

export function createLogger(level: LogLevel, sink: LogSink = (line) => process.stdout.write(`${line}\n`), bound: LogFields = {}): Logger {
  const emit = (eventLevel: Exclude<LogLevel, 'silent'>, message: string, fields: LogFields = {}): void => {
    if (RANK[eventLevel] < RANK[level]) return;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level: eventLevel, msg: message };
    for (const [key, value] of Object.entries({ ...bound, ...fields })) {
      entry[key] = SECRET_FIELD.test(key) ? '[redacted]' : value instanceof Error ? value.message : value;
    }
    sink(JSON.stringify(entry));
  };
  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    child: (fields) => createLogger(level, sink, { ...bound, ...fields }),
  };
}

export const silentLogger: Logger = createLogger('silent');
