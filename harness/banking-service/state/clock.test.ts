import { describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from './clock.ts';

describe('clock', () => {
  it('system clock follows Date.now', () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('manual clock moves only when told, and never backwards', () => {
    const clock = new ManualClock(1_000);
    expect(clock.now()).toBe(1_000);
    clock.advance(20 * 60 * 1000);
    expect(clock.now()).toBe(1_201_000);
    expect(() => clock.advance(-1)).toThrow(/>= 0/);
  });
});
