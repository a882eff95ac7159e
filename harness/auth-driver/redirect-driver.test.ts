import { describe, expect, it } from 'vitest';
import { createRedirectDriver } from './redirect-driver.ts';
import { describeCommonCases, useFixtureProvider } from './test-fixtures/common-cases.ts';

describeCommonCases('redirect', () => createRedirectDriver());

describe('redirect driver on pages that need more than redirects', () => {
  const context = useFixtureProvider(() => createRedirectDriver());

  it('is stuck on a login form, which it does not submit', async () => {
    const { result, traffic } = await context.drive('/auth/login');
    expect(result).toMatchObject({ outcome: 'stuck', hops: [{ status: 200, kind: 'page' }] });
    expect(result.message).toBe("GET /auth/login shows a form, and the redirect driver submits none: use the candidate's auto-approve mode, or the form or browser driver");
    expect(traffic.all()).toHaveLength(1);
    expect(context.provider().submissions).toEqual([]);
  });

  it('is stuck on a script that computes its target, and says only a browser follows it', async () => {
    const { result } = await context.drive('/auth/computed-script');
    expect(result.outcome).toBe('stuck');
    expect(result.message).toMatch(/computed value, which only the browser driver can follow/);
  });

  it('honours a smaller hop budget', async () => {
    const short = await createRedirectDriver({ maxHops: 3 }).run({
      startUrl: context.provider().startUrl('/auth/loop'), returnUrlPrefix: context.provider().returnUrlPrefix, timeoutMs: 2000, operationId: 'getAuth',
    });
    expect(short.hops).toHaveLength(3);
  });

  it('throws for the kit\'s own mistakes, before any request', async () => {
    const driver = createRedirectDriver();
    await expect(driver.run({ startUrl: '/auth', returnUrlPrefix: 'http://127.0.0.1:1/r', timeoutMs: 10, operationId: 'getAuth' }))
      .rejects.toThrow('auth driver: startUrl "/auth" is not an absolute URL');
    await expect(driver.run({ startUrl: 'http://127.0.0.1:1/auth', returnUrlPrefix: 'http://127.0.0.1:1/r', timeoutMs: 0, operationId: 'getAuth' }))
      .rejects.toThrow('auth driver: timeoutMs must be a positive number of milliseconds, got 0');
  });
});
