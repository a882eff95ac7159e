/**
 * The simulator's notion of "now" (epoch milliseconds). Expiry (authorisation sessions, tokens, rate-limit
 * windows) reads it, so tests move time instead of sleeping. Timers for documented delays (statement processing,
 * Retry-After) stay real.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = Object.freeze({ now: () => Date.now() });

/** A clock tests drive by hand; starts at the real time unless told otherwise. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: number = Date.now()) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  advance(milliseconds: number): void {
    if (!Number.isFinite(milliseconds) || milliseconds < 0) throw new Error(`ManualClock.advance: milliseconds must be a finite number >= 0 (got ${milliseconds})`);
    this.current += milliseconds;
  }
}
