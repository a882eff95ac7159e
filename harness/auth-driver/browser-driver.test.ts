import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { findChromium, launchChromium, type ChromiumHandle } from '../browser/index.ts';
import type { AuthDriveInput } from './auth-driver.ts';
import { createBrowserDriver, type BrowserDriverOptions } from './browser-driver.ts';
import { FIXTURE_USER, passwordSpellings, trafficWithCredentials } from './test-fixtures/common-cases.ts';
import { startFixtureProvider, type FixtureProvider } from './test-fixtures/fixture-provider.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./test-fixtures/${name}`, import.meta.url));
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('browser driver', () => {
  let provider: FixtureProvider;
  let browser: ChromiumHandle | undefined;
  let unavailable: string | undefined;
  let screenshots: string;
  const timings = new Map<string, number>();

  beforeAll(async () => {
    provider = await startFixtureProvider();
    screenshots = await mkdtemp(join(tmpdir(), 'bsck-auth-driver-test-'));
    const found = await findChromium();
    if (!found.available) {
      unavailable = found.reason;
      return;
    }
    const launchStarted = performance.now();
    browser = await launchChromium();
    timings.set('launch', Math.round(performance.now() - launchStarted));
  });
  afterAll(async () => {
    await browser?.close();
    await provider.close();
    await rm(screenshots, { recursive: true, force: true });
    console.log(`browser driver times (ms): ${[...timings].map(([what, ms]) => `${what} ${ms}`).join(', ')}`);
  });

  const requireBrowser = (context: TestContext): ChromiumHandle => {
    if (browser === undefined) {
      // CI installs Chromium: there a missing browser fails every browser test, never skips it.
      if (process.env['CI'] === 'true') throw new Error(`CI=true but ${unavailable ?? 'Chromium did not launch'}`);
      context.skip(`Chromium is not installed locally: ${unavailable ?? 'unknown reason'}`);
      throw new Error('unreachable: skip() throws');
    }
    return browser;
  };

  const drive = async (context: TestContext, path: string, options: BrowserDriverOptions = {}, overrides: Partial<AuthDriveInput> = {}, label = path) => {
    const shared = requireBrowser(context);
    const traffic = trafficWithCredentials();
    const state = `st-${Math.random().toString(16).slice(2)}`;
    const wallStarted = performance.now();
    const result = await createBrowserDriver({ browser: shared, screenshotDir: screenshots, ...options }).run({
      startUrl: provider.startUrl(path, state), returnUrlPrefix: provider.returnUrlPrefix, user: FIXTURE_USER,
      timeoutMs: 10_000, traffic, operationId: 'getAuth', ...overrides,
    });
    // Wall time includes closing the page: what the caller waits for.
    const wallMs = Math.round(performance.now() - wallStarted);
    timings.set(label, wallMs);
    return { result, traffic, state, wallMs };
  };

  it('signs in on the login form by the heuristics and returns with state, recording the candidate hops', async (context) => {
    const before = provider.submissions.length;
    const { result, traffic, state } = await drive(context, '/auth/login');
    expect(result.outcome).toBe('returned');
    expect(result.returnUrl).toBe(`${provider.returnUrlPrefix}?state=${state}`);
    expect(result.hops.map(({ method, status, kind }) => [method, status, kind])).toEqual([['GET', 200, 'form'], ['POST', 303, '30x']]);
    expect(provider.submissions.slice(before)).toEqual([{
      csrf: expect.any(String), username: FIXTURE_USER.username, password: FIXTURE_USER.password, otp: FIXTURE_USER.otp, account: 'current', action: 'approve',
    }]);

    const navigations = traffic.all().filter((record) => record.request.method === 'POST' || record.request.url.includes('/auth/login?'));
    expect(navigations.map((record) => [record.request.method, record.operationId, record.response?.status])).toEqual([['GET', 'getAuth', 200], ['POST', undefined, 303]]);
    expect(traffic.all().every((record) => record.from === 'browser' && record.to === 'candidate' && !record.request.url.includes('/return'))).toBe(true);
    expect(navigations[1]?.request.body).toMatchObject({ password: '[REDACTED:test-password]', otp: '[REDACTED:test-otp]' });
    const logged = JSON.stringify([result, traffic.all()]);
    for (const spelling of passwordSpellings()) expect(logged).not.toContain(spelling);

    expect(result.screenshotPath).toBeDefined();
    expect(readFileSync(result.screenshotPath ?? '').subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });

  it('reports where a wrong password ends (redirect_uri with state and error), one drive at a time on a shared browser', async (context) => {
    // Started together: the shared browser's cookie store would mix the two login sessions if the drives overlapped.
    const [wrong, right] = await Promise.all([
      drive(context, '/auth/login', {}, { user: { ...FIXTURE_USER, password: 'wrong-password' } }, '/auth/login wrong password'),
      drive(context, '/auth/login', {}, {}, '/auth/login again'),
    ]);
    expect(wrong.result.outcome).toBe('returned');
    const returned = new URL(wrong.result.returnUrl ?? '');
    expect([returned.searchParams.get('state'), returned.searchParams.get('error')]).toEqual([wrong.state, 'access_denied']);
    expect(right.result.returnUrl).toBe(`${provider.returnUrlPrefix}?state=${right.state}`);
  });

  it('walks a two-page login', async (context) => {
    const { result } = await drive(context, '/auth/two-step');
    expect(result.outcome).toBe('returned');
    expect(result.hops.map((hop) => hop.kind)).toEqual(['form', '30x', 'form', '30x']);
  });

  it('follows literal and computed script redirects, meta refreshes and 30x answers', async (context) => {
    for (const [path, kind] of [['/auth/script', 'script'], ['/auth/computed-script', 'script'], ['/auth/meta', 'script'], ['/auth/redirect', '30x']] as const) {
      const { result, state, traffic } = await drive(context, path);
      expect({ path, outcome: result.outcome, returnUrl: result.returnUrl }).toEqual({ path, outcome: 'returned', returnUrl: `${provider.returnUrlPrefix}?state=${state}` });
      expect(result.hops.map((hop) => hop.kind)).toEqual([kind]);
      expect(traffic.all()[0]).toMatchObject({ operationId: 'getAuth', request: { method: 'GET' } });
    }
  });

  it('runs a provider script instead of the heuristics', async (context) => {
    const { result, state } = await drive(context, '/auth/widget', { script: fixture('click-tile.mjs') }, {}, '/auth/widget provider script');
    expect(result.outcome).toBe('returned');
    expect(result.returnUrl).toBe(`${provider.returnUrlPrefix}?state=${state}`);
    expect(result.screenshotPath).toBeDefined();
  });

  it('runs declarative steps with templates', async (context) => {
    const { result } = await drive(context, '/auth/login', {
      steps: [
        { fill: '#username', value: '{{username}}' },
        { fill: '#password', value: '{{password}}' },
        { fill: '#otp', value: '{{otp}}' },
        { click: '#approve' },
        { waitForUrl: `${provider.returnUrlPrefix}**` },
      ],
    }, {}, '/auth/login steps');
    expect(result.outcome).toBe('returned');
    expect(new URL(result.returnUrl ?? '').searchParams.get('error')).toBeNull();
  });

  it('is stuck when a step cannot run, naming the step', async (context) => {
    const { result } = await drive(context, '/auth/login', { steps: [{ click: '#no-such-button' }] }, { timeoutMs: 1500 }, '/auth/login failing step (1500 ms budget)');
    expect(result.outcome).toBe('stuck');
    expect(result.message).toMatch(/^browser step 1 \(click #no-such-button\) failed on \/auth\/login: /);
  });

  it('reports a failing provider script as stuck without repeating the password it quoted', async (context) => {
    const { result } = await drive(context, '/auth/widget', { script: fixture('failing-script.mjs') }, {}, '/auth/widget failing script');
    expect(result.outcome).toBe('stuck');
    expect(result.message).toBe(`the provider script failed on /auth/widget: login as ${FIXTURE_USER.username} with [REDACTED:password] was rejected`);
  });

  it('refuses a provider script without a default function, and both steps and a script, as config errors', async (context) => {
    requireBrowser(context);
    await expect(drive(context, '/auth/widget', { script: fixture('not-a-script.mjs') })).rejects.toThrow(/not-a-script\.mjs must export a default async function \(page, user\)$/);
    expect(() => createBrowserDriver({ steps: [], script: 'x.mjs' })).toThrow('auth.browser: declare steps or script, not both');
  });

  it('reports refused, candidate-error and timeout at the first hop, and returns within the timeout', async (context) => {
    const refused = (await drive(context, '/auth/refuse')).result;
    expect(refused).toMatchObject({ outcome: 'refused', hops: [{ status: 400, kind: 'page' }] });
    const failed = (await drive(context, '/auth/error')).result;
    expect(failed).toMatchObject({ outcome: 'candidate-error', message: 'GET /auth/error answered 500' });
    const { result: hung, traffic, wallMs } = await drive(context, '/auth/hang', {}, { timeoutMs: 500 }, '/auth/hang (500 ms budget)');
    expect(hung.outcome).toBe('timeout');
    // The margin covers closing out the evidence on a busy 2-core machine; a hung candidate would otherwise cost forever.
    expect(wallMs).toBeLessThan(500 + 1500);
    expect(traffic.all()[0]).toMatchObject({ operationId: 'getAuth', failure: 'no answer before the drive ended', response: undefined });
  });

  it('calls a page that never hands back stuck once the drive\'s time is up', async (context) => {
    const { result, wallMs } = await drive(context, '/auth/stuck', {}, { timeoutMs: 1500 }, '/auth/stuck (1500 ms budget)');
    expect(result.outcome).toBe('stuck');
    expect(result.message).toBe("GET /auth/stuck stayed on a page for the rest of the drive's 1500 ms without sending the browser to redirect_uri");
    expect(wallMs).toBeLessThan(1500 + 1500);
    expect(result.screenshotPath).toBeDefined();
  });

  it('gives up on a page whose script never yields within its budget and a bounded margin', async (context) => {
    const { result, wallMs } = await drive(context, '/auth/busy', {}, { timeoutMs: 1500 }, '/auth/busy (1500 ms budget)');
    expect(result.outcome).toBe('stuck');
    expect(result.hops).toEqual([expect.objectContaining({ status: 200, kind: 'page' })]);
    // The budget, then at most the final screenshot's (1 s) and the page close's (2 s) bounds.
    expect(wallMs).toBeLessThan(1500 + 3500);
  });

  it('launches and closes its own browser when none is shared', async (context) => {
    requireBrowser(context);
    const profiles = () => readdirSync(tmpdir()).filter((name) => name.startsWith('bsck-chromium-profile-')).sort();
    const before = profiles();
    const started = performance.now();
    const result = await createBrowserDriver({ screenshotDir: screenshots }).run({
      startUrl: provider.startUrl('/auth/redirect'), returnUrlPrefix: provider.returnUrlPrefix, timeoutMs: 10_000, operationId: 'getAuthRefresh',
    });
    timings.set('own launch + /auth/redirect + close', Math.round(performance.now() - started));
    expect(result.outcome).toBe('returned');
    // Its browser is gone with its profile: close() removes the profile only once the browser has exited.
    expect(profiles()).toEqual(before);
  });
});
