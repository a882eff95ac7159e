import type { Clock } from '../state/index.ts';

export interface RateLimitOptions {
  /** Default 10: "the default rate is 10 requests per second" [APPLY] [SETUP]. */
  readonly requestsPerSecond?: number;
}

export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

const WINDOW_MS = 1000;

/**
 * A sliding one-second window per client key [KC-07]. Every request that is let through counts, whatever its
 * answer; a throttled one does not, so a client that backs off for Retry-After always gets through.
 */
export class RateLimiter {
  private readonly windows = new Map<string, number[]>();
  readonly limit: number;

  constructor(
    private readonly clock: Clock,
    options: RateLimitOptions = {},
  ) {
    this.limit = options.requestsPerSecond ?? 10;
    if (!Number.isInteger(this.limit) || this.limit < 1) throw new Error(`rateLimit.requestsPerSecond must be a whole number >= 1 (got ${this.limit})`);
  }

  take(key: string): RateDecision {
    const now = this.clock.now();
    const recent = (this.windows.get(key) ?? []).filter((at) => now - at < WINDOW_MS);
    if (recent.length >= this.limit) {
      this.windows.set(key, recent);
      const oldest = recent[0] ?? now;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000)) };
    }
    recent.push(now);
    this.windows.set(key, recent);
    return { allowed: true };
  }
}
