import { delay } from './backoff.ts';

/**
 * Keeps outbound calls under a rate: at most `limit` call starts in any sliding window of `windowMs`. The Provider
 * API throttles at a pre-agreed rate, 10 requests/second by default [APPLY] [SETUP]; pacing just under it means the
 * connector's own polling and parallel pushes do not run into 429s, which it still honours when they come.
 */
export class RequestPacer {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #starts: number[] = [];
  #tail: Promise<void> = Promise.resolve();

  /** `limit` 0 switches pacing off. */
  constructor(options: { readonly limit: number; readonly windowMs?: number; readonly now?: () => number }) {
    this.#limit = options.limit;
    this.#windowMs = options.windowMs ?? 1_000;
    this.#now = options.now ?? Date.now;
  }

  /** Resolves when a call may start; callers are served in arrival order. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (this.#limit <= 0) return Promise.resolve();
    const turn = this.#tail.then(async () => {
      for (;;) {
        const now = this.#now();
        while (this.#starts.length > 0 && now - this.#starts[0]! >= this.#windowMs) this.#starts.shift();
        if (this.#starts.length < this.#limit) {
          this.#starts.push(now);
          return;
        }
        await delay(this.#starts[0]! + this.#windowMs - now, signal);
      }
    });
    this.#tail = turn.catch(() => undefined);
    return turn;
  }
}
