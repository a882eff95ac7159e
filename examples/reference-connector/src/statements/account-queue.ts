/**
 * One job at a time per key (a bank account id), different keys in parallel: the "one statement in flight per
 * bank account" rule (R7) [P-STMT] [F-POST] [APPLY]. Each key has an AbortController; cancelling a key (the
 * account was offboarded) aborts the running job's signal and every job still waiting for that key.
 */
export type QueuedJob<Result> = (signal: AbortSignal) => Promise<Result>;

interface Lane {
  tail: Promise<unknown>;
  readonly controller: AbortController;
  pending: number;
}

export class AccountQueue {
  readonly #lanes = new Map<string, Lane>();

  run<Result>(key: string, job: QueuedJob<Result>): Promise<Result> {
    let lane = this.#lanes.get(key);
    if (lane === undefined) {
      lane = { tail: Promise.resolve(), controller: new AbortController(), pending: 0 };
      this.#lanes.set(key, lane);
    }
    const current = lane;
    current.pending += 1;
    const result = current.tail.then(() => {
      if (current.controller.signal.aborted) throw new Error(`queue for ${key} was cancelled`);
      return job(current.controller.signal);
    });
    current.tail = result
      .catch(() => undefined)
      .finally(() => {
        current.pending -= 1;
        if (current.pending === 0 && this.#lanes.get(key) === current) this.#lanes.delete(key);
      });
    return result;
  }

  /** Aborts the running job for `key` and refuses the waiting ones; later jobs start a fresh lane. */
  cancel(key: string): void {
    const lane = this.#lanes.get(key);
    if (lane === undefined) return;
    lane.controller.abort(new Error(`queue for ${key} was cancelled`));
    this.#lanes.delete(key);
  }

  /** Cancels every lane (shutdown). */
  cancelAll(): void {
    for (const key of [...this.#lanes.keys()]) this.cancel(key);
  }

  /** Resolves when no job is running or waiting. */
  async idle(): Promise<void> {
    while (this.#lanes.size > 0) await Promise.all([...this.#lanes.values()].map((lane) => lane.tail));
  }

  get busyKeys(): readonly string[] {
    return [...this.#lanes.keys()];
  }
}
