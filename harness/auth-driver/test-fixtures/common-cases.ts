import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer } from '../../http/index.ts';
import { createRedactor, TrafficLog } from '../../traffic/index.ts';
import type { AuthDriveInput, AuthDriveResult, AuthDriver } from '../auth-driver.ts';
import { FIXTURE_USER, startFixtureProvider, type FixtureProvider } from './fixture-provider.ts';

/** A traffic log whose redactor knows the test credentials, as a certification run sets it up. */
export function trafficWithCredentials(): TrafficLog {
  const redactor = createRedactor();
  redactor.addSecret('test-password', FIXTURE_USER.password);
  redactor.addSecret('test-otp', FIXTURE_USER.otp);
  return new TrafficLog({ redactor });
}

/** Every spelling of the password a log could leak: as typed, URL-encoded, form-encoded. */
export function passwordSpellings(): string[] {
  return [FIXTURE_USER.password, encodeURIComponent(FIXTURE_USER.password), new URLSearchParams({ p: FIXTURE_USER.password }).toString().slice(2)];
}

export interface DriveContext {
  readonly provider: () => FixtureProvider;
  readonly drive: (path: string, overrides?: Partial<AuthDriveInput>) => Promise<{ result: AuthDriveResult; traffic: TrafficLog; state: string }>;
  readonly timings: Map<string, number>;
}

/** Starts the fixture provider for a describe block and drives its pages with `driver`, timing each drive. */
export function useFixtureProvider(driver: () => AuthDriver): DriveContext {
  let provider: FixtureProvider | undefined;
  const timings = new Map<string, number>();
  beforeAll(async () => {
    provider = await startFixtureProvider();
  });
  afterAll(async () => {
    await provider?.close();
    console.log(`${driver().name} driver drive times (ms): ${[...timings].map(([path, ms]) => `${path} ${ms}`).join(', ')}`);
  });
  const current = () => {
    if (provider === undefined) throw new Error('fixture provider not started');
    return provider;
  };
  return {
    provider: current,
    timings,
    async drive(path, overrides = {}) {
      const traffic = trafficWithCredentials();
      const state = `st-${Math.random().toString(16).slice(2)}`;
      const result = await driver().run({
        startUrl: current().startUrl(path, state),
        returnUrlPrefix: current().returnUrlPrefix,
        user: FIXTURE_USER,
        timeoutMs: 5000,
        traffic,
        operationId: 'getAuth',
        ...overrides,
      });
      const label = timings.has(path) ? `${path} #${[...timings.keys()].filter((key) => key.startsWith(path)).length + 1}` : path;
      timings.set(label, result.durationMs);
      return { result, traffic, state };
    },
  };
}

/** The cases every driver handles the same way: hand-back by 30x, script and meta refresh, and the failures. */
export function describeCommonCases(name: string, driver: () => AuthDriver): void {
  describe(`${name} driver: common cases`, () => {
    const context = useFixtureProvider(driver);

    it.each([
      ['/auth/redirect', '30x', '302'],
      ['/auth/script', 'script', 'window.location.replace()'],
      ['/auth/meta', 'script', 'meta refresh'],
    ] as const)('follows %s back to redirect_uri with state, recording the hop', async (path, kind, via) => {
      const { result, traffic, state } = await context.drive(path);
      expect(result.outcome).toBe('returned');
      expect(result.returnUrl).toBe(`${context.provider().returnUrlPrefix}?state=${state}`);
      expect(result.hops).toEqual([{ method: 'GET', url: expect.stringContaining(path), status: kind === '30x' ? 302 : 200, kind }]);
      expect(result.message).toContain(via);
      const records = traffic.all();
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ from: 'browser', to: 'candidate', api: 'connector-api', operationId: 'getAuth', annotations: { authDriver: driver().name } });
    });

    it('names getAuthRefresh on the entry hop of a re-authorisation', async () => {
      const { result, traffic } = await context.drive('/auth/redirect', { operationId: 'getAuthRefresh' });
      expect(result.outcome).toBe('returned');
      expect(traffic.all()[0]?.operationId).toBe('getAuthRefresh');
    });

    it('is stuck on a page with neither a form nor a redirect', async () => {
      const { result } = await context.drive('/auth/stuck');
      expect(result).toMatchObject({ outcome: 'stuck', hops: [{ status: 200, kind: 'page' }] });
      expect(result.message).toMatch(/neither a form nor a redirect/);
      expect(result.returnUrl).toBeUndefined();
    });

    it('reports a 4xx at the first hop as refused', async () => {
      const { result, traffic } = await context.drive('/auth/refuse');
      expect(result).toMatchObject({ outcome: 'refused', hops: [{ method: 'GET', status: 400, kind: 'page' }] });
      expect(result.message).toBe('GET /auth/refuse answered 400: the candidate refused the authorisation at the first request');
      expect(traffic.all()[0]?.response?.status).toBe(400);
    });

    it('reports a 500 and a non-HTML answer as candidate errors', async () => {
      expect((await context.drive('/auth/error')).result).toMatchObject({ outcome: 'candidate-error', hops: [{ status: 500 }], message: 'GET /auth/error answered 500' });
      const json = (await context.drive('/auth/json')).result;
      expect(json.outcome).toBe('candidate-error');
      expect(json.message).toMatch(/content type application\/json, not an HTML page/);
    });

    it('gives up on a hung candidate within its timeout and records the hop as failed', async () => {
      const { result, traffic } = await context.drive('/auth/hang', { timeoutMs: 300 });
      expect(result).toMatchObject({ outcome: 'timeout', hops: [{ status: undefined }] });
      expect(result.durationMs).toBeLessThan(300 + 700);
      expect(traffic.all()[0]?.failure).toBe('no response within 300 ms');
    });

    it('reports a refused connection as a candidate error', async () => {
      const closed = await startHttpServer({ name: 'closed', routes: [] });
      await closed.close();
      const { result } = await context.drive('/auth/redirect', { startUrl: `${closed.url}/auth?state=x` });
      expect(result.outcome).toBe('candidate-error');
      expect(result.message).toMatch(/^GET \/auth failed: ECONNREFUSED/);
    });

    it('stops a redirect loop after its hop budget', async () => {
      const { result, traffic } = await context.drive('/auth/loop');
      expect(result.outcome).toBe('candidate-error');
      expect(result.hops).toHaveLength(10);
      expect(result.hops.every((hop) => hop.kind === '30x' && hop.status === 302)).toBe(true);
      expect(result.message).toMatch(/^10 requests went by without reaching redirect_uri/);
      expect(traffic.all().map((record) => record.operationId)).toEqual(['getAuth', ...Array<undefined>(9).fill(undefined)]);
    });
  });
}

export { FIXTURE_USER };
