import { describe, expect, it } from 'vitest';
import { ManualClock } from '../state/index.ts';
import { RateLimiter } from './rate-limiter.ts';

describe('RateLimiter', () => {
  it('lets 10 requests a second through per client and throttles the 11th with Retry-After', () => {
    const clock = new ManualClock(0);
    const limiter = new RateLimiter(clock);
    for (let i = 0; i < 10; i += 1) expect(limiter.take('key-a').allowed).toBe(true);
    expect(limiter.take('key-a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('key-b').allowed).toBe(true);
    clock.advance(999);
    expect(limiter.take('key-a').allowed).toBe(false);
    clock.advance(1);
    expect(limiter.take('key-a').allowed).toBe(true);
  });

  it('does not count throttled requests, so a client that waits gets through', () => {
    const clock = new ManualClock(0);
    const limiter = new RateLimiter(clock, { requestsPerSecond: 2 });
    limiter.take('k');
    clock.advance(500);
    limiter.take('k');
    for (let i = 0; i < 5; i += 1) expect(limiter.take('k').allowed).toBe(false);
    clock.advance(500);
    expect(limiter.take('k').allowed).toBe(true);
  });

  it('refuses a nonsensical limit', () => {
    expect(() => new RateLimiter(new ManualClock(0), { requestsPerSecond: 0 })).toThrow(/whole number >= 1/);
  });
});
