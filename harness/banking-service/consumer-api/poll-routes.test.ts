import { describe, expect, it } from 'vitest';
import { PollRoutes } from './poll-routes.ts';

describe('PollRoutes', () => {
  it('hands out opaque ids that work once', () => {
    const routes = new PollRoutes();
    const first = routes.issue('auth-1');
    const second = routes.issue('auth-1');
    expect(first).not.toBe(second);
    expect(first).not.toContain('auth-1');
    expect(routes.take(first)).toBe('auth-1');
    expect(routes.take(first)).toBeUndefined();
    expect(routes.take(second)).toBe('auth-1');
  });
});
