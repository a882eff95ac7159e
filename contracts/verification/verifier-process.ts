import { fork } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** The verifier could not run at all (bad arguments, a crash, no end): the kit's failure, never the provider's. */
export class PactVerificationError extends Error {
  override readonly name = 'PactVerificationError';
}

/** The options of pact-core's verifier the kit uses (JSON-safe: they cross a process boundary). */
export interface CoreVerifierOptions {
  readonly providerBaseUrl: string;
  readonly providerStatesSetupUrl: string;
  readonly provider?: string;
  readonly pactUrls?: readonly string[];
  readonly pactBrokerUrl?: string;
  readonly pactBrokerToken?: string;
  readonly consumerVersionSelectors?: readonly object[];
  readonly enablePending?: boolean;
  readonly publishVerificationResult?: boolean;
  readonly providerVersion?: string;
  readonly providerVersionBranch?: string;
  readonly providerVersionTags?: readonly string[];
  readonly buildUrl?: string;
  /** Per request the verifier makes (to the provider and for provider state changes), in ms. */
  readonly timeout: number;
  readonly logLevel: 'error' | 'warn' | 'info' | 'debug';
}

export interface VerifierProcessOptions {
  readonly verifier: CoreVerifierOptions;
  /** Where the verifier's own output (its coloured report, the core's log) is kept; discarded without one. */
  readonly logFile?: string;
  /** Applied to every line before it is written to the log file or quoted in an error. */
  readonly redact?: (text: string) => string;
  /** The verifier process is killed, and the run fails, when it has not reported by then. */
  readonly deadlineMs: number;
  /** Kills the verifier process at once; the run fails with the reason given. */
  readonly stop?: AbortSignal;
}

const CHILD_SCRIPT = fileURLToPath(new URL('./verifier-child.mjs', import.meta.url));
// Colours are for a terminal; the log is read in an editor or a CI artifact.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
const MAX_QUOTED = 200;

function eachLine(stream: Readable, onLine: (line: string) => void): Promise<void> {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  return new Promise((resolve) => {
    stream.on('close', () => {
      if (rest !== '') onLine(rest);
      resolve();
    });
  });
}

function openLog(file: string | undefined): WriteStream | undefined {
  if (file === undefined) return undefined;
  const log = createWriteStream(file);
  // A log that cannot be written never fails the verification.
  log.on('error', () => undefined);
  return log;
}

const isDone = (message: unknown): message is { type: 'done'; output: string } =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'done' && typeof (message as { output?: unknown }).output === 'string';

/**
 * Runs Pact's verifier in a child process (verifier-child.mjs): this process never loads Pact's native core, the
 * core's report never reaches this process's stdout, and a crash or hang of the core is one PactVerificationError.
 * Resolves with what the verifier reported: its JSON report, or its error message when it could not verify.
 */
export async function runVerifierProcess(options: VerifierProcessOptions): Promise<string> {
  const redact = options.redact ?? ((text: string) => text);
  const log = openLog(options.logFile);
  let lastLine = '';
  const record = (line: string): void => {
    const clean = redact(line.replace(ANSI, '').trimEnd());
    if (clean.trim() !== '') lastLine = clean.trim();
    log?.write(`${clean}\n`);
  };
  const child = fork(CHILD_SCRIPT, [], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, PACT_DO_NOT_TRACK: 'true' },
    // Whatever flags or loaders this process runs with (tsx, vitest), the child is plain Node.
    execArgv: [],
    serialization: 'json',
  });
  const output = Promise.all([eachLine(child.stdout!, record), eachLine(child.stderr!, record)]);
  // The report comes over IPC before the child exits; the channel closes after its last message has been read.
  const disconnected = new Promise<void>((resolve) => (child.connected ? child.once('disconnect', () => resolve()) : resolve()));
  const seeLog = options.logFile ? ` (its output: ${options.logFile})` : '';
  const quoted = (): string => (lastLine === '' ? '' : `: ${lastLine.length > MAX_QUOTED ? `${lastLine.slice(0, MAX_QUOTED)}…` : lastLine}`);

  let reported: string | undefined;
  let failure: PactVerificationError | undefined;
  const fail = (message: string): void => {
    failure ??= new PactVerificationError(message);
    child.kill('SIGKILL');
  };
  child.on('message', (message) => {
    if (isDone(message)) reported ??= message.output;
  });
  let started = true;
  const startFailed = new Promise<void>((resolve) => {
    child.on('error', (error) => {
      // Only a process that could not be started has no exit to wait for; a failed kill or send ends in one.
      if (child.pid !== undefined) return;
      started = false;
      failure ??= new PactVerificationError(`Pact's verifier process could not be started: ${error.message}`);
      resolve();
    });
  });
  child.send({ type: 'verify', options: options.verifier }, (error) => {
    if (error) fail(`the kit could not hand Pact's verifier its options: ${error.message}`);
  });
  const deadline = setTimeout(() => {
    if (reported === undefined) fail(`Pact's verifier did not finish within ${Math.round(options.deadlineMs / 1000)} s and was stopped${seeLog}`);
    else child.kill('SIGKILL');
  }, options.deadlineMs);
  const onStop = (): void => fail(options.stop?.reason instanceof Error ? options.stop.reason.message : String(options.stop?.reason ?? 'the verification was stopped'));
  if (options.stop?.aborted) onStop();
  else options.stop?.addEventListener('abort', onStop, { once: true });
  try {
    const exit = await Promise.race([
      new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
      startFailed.then(() => undefined),
    ]);
    if (started) await Promise.all([output, disconnected]);
    if (failure) throw failure;
    if (reported === undefined) {
      const how = exit?.signal ? `was killed by ${exit.signal}` : `exited with code ${exit?.code}`;
      throw new PactVerificationError(`Pact's verifier process ${how} before it reported a result${quoted()}${seeLog}`);
    }
    return reported;
  } finally {
    clearTimeout(deadline);
    options.stop?.removeEventListener('abort', onStop);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (log) await new Promise<void>((resolve) => log.end(() => resolve()));
  }
}
