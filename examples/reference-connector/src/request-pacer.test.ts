import { describe, expect, it } from 'vitest';
import { RequestPacer } from './request-pacer.ts';

describe('RequestPacer', () => {
  it('lets `limit` calls through at once and spaces the rest by the window', async () => {
    const pacer = new RequestPacer({ limit: 3, windowMs: 200 });
    const startedAt = Date.now();
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 7 }, () => pacer.acquire().then(() => starts.push(Date.now() - startedAt))));
    expect(starts.slice(0, 3).every((at) => at < 50)).toBe(true);
    expect(starts.slice(3, 6).every((at) => at >= 195)).toBe(true);
    expect(starts[6]).toBeGreaterThanOrEqual(395);
    for (let index = 3; index < starts.length; index += 1) expect(starts[index]! - starts[index - 3]!).toBeGreaterThanOrEqual(195);
  });

  it('is off with limit 0', async () => {
    const pacer = new RequestPacer({ limit: 0 });
    const startedAt = Date.now();
    await Promise.all(Array.from({ length: 100 }, () => pacer.acquire()));
    expect(Date.now() - startedAt).toBeLessThan(50);
  });

  it('gives up waiting when the caller aborts, without blocking the next caller', async () => {
    const pacer = new RequestPacer({ limit: 1, windowMs: 10_000 });
    await pacer.acquire();
    const controller = new AbortController();
    const waiting = pacer.acquire(controller.signal);
    controller.abort(new Error('shutting down'));
    await expect(waiting).rejects.toThrow('shutting down');
  });
});
