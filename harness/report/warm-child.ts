import { fork, type ChildProcess } from 'node:child_process';

const MAX_QUOTED = 200;

/** What a child answered: the first message it sent back. */
export type ChildAnswer = Readonly<Record<string, unknown>>;

export interface AskOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs: number;
}

/** A child process's pipes are sockets, though typed as plain streams; each handle keeps this process's loop alive. */
type Handle = { ref(): void; unref(): void };

/**
 * A plain-Node child process started ahead of its one job, so that it loads its libraries while this process does
 * other work, on the other core; then asked once. `name` says what it is in an error ("allure generate").
 * Waiting to be asked does not keep this process alive; a child never asked must be disposed.
 */
export class WarmChild {
  readonly #child: ChildProcess;
  readonly #ended: Promise<{ readonly answer?: ChildAnswer; readonly code?: number | null; readonly signal?: NodeJS.Signals | null; readonly error?: Error }>;
  #output = '';
  #asked = false;

  constructor(script: string, readonly name: string) {
    this.#child = fork(script, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, NO_COLOR: '1' },
      // Whatever flags or loaders this process runs with (tsx, vitest), the child is plain Node.
      execArgv: [],
      serialization: 'json',
    });
    const collect = (chunk: Buffer) => {
      this.#output = (this.#output + chunk.toString('utf8')).slice(-8_000);
    };
    this.#child.stdout?.on('data', collect);
    this.#child.stderr?.on('data', collect);
    this.#ended = new Promise((resolve) => {
      this.#child.once('message', (answer: ChildAnswer) => resolve({ answer }));
      this.#child.on('error', (error) => resolve({ error }));
      this.#child.on('exit', (code, signal) => resolve({ code, signal }));
    });
    this.#idle(true);
  }

  /** Sends a message the child acts on before it is asked (e.g. the config to load its plugins with). */
  tell(message: object): void {
    if (this.#child.connected) this.#child.send(message, () => {});
  }

  /** Sends the job and resolves with the child's answer; throws, in one line, when it ended without one. */
  async ask(message: object, options: AskOptions): Promise<ChildAnswer> {
    if (this.#asked) throw new Error(`${this.name}: this process was already asked`);
    this.#asked = true;
    this.#idle(false);
    const stop = () => this.#child.kill('SIGTERM');
    const timer = setTimeout(stop, options.timeoutMs);
    if (options.signal?.aborted) stop();
    else options.signal?.addEventListener('abort', stop, { once: true });
    try {
      this.tell(message);
      const ended = await this.#ended;
      if (ended.answer) return ended.answer;
      if (ended.error) throw new Error(`${this.name}: its process could not be started: ${ended.error.message}`);
      const last = this.#output.trim().split('\n').filter((line) => line.trim() !== '').slice(-1)[0]?.trim() ?? '';
      const how = ended.signal ? `was stopped (${ended.signal})` : `exited with ${ended.code}`;
      throw new Error(`${this.name} ${how}${last ? `: ${quote(last)}` : ''}`);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', stop);
      this.dispose();
    }
  }

  /** Stops the process unless it already ended. */
  dispose(): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
  }

  #idle(idle: boolean): void {
    for (const handle of [this.#child, this.#child.channel, this.#child.stdout, this.#child.stderr] as (Handle | null | undefined)[]) {
      if (idle) handle?.unref();
      else handle?.ref();
    }
  }
}

export const quote = (text: string): string => (text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text);
