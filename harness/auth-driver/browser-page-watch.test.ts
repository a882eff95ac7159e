import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { findChromium, launchChromium, type ChromiumHandle } from '../browser/index.ts';
import { startHttpServer } from '../http/index.ts';
import { createRedactor, TrafficLog } from '../traffic/index.ts';
import { PageWatch } from './browser-page-watch.ts';
import { startFixtureProvider, type FixtureProvider } from './test-fixtures/fixture-provider.ts';

describe('PageWatch', () => {
  let provider: FixtureProvider;
  let browser: ChromiumHandle | undefined;
  let unavailable: string | undefined;

  beforeAll(async () => {
    provider = await startFixtureProvider();
    const found = await findChromium();
    if (!found.available) {
      unavailable = found.reason;
      return;
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await provider.close();
  });

  const openPage = async (context: TestContext) => {
    if (browser === undefined) {
      // CI installs Chromium: there a missing browser fails every browser test, never skips it.
      if (process.env['CI'] === 'true') throw new Error(`CI=true but ${unavailable ?? 'Chromium did not launch'}`);
      context.skip(`Chromium is not installed locally: ${unavailable ?? 'unknown reason'}`);
      throw new Error('unreachable: skip() throws');
    }
    return browser.newPage();
  };

  it('sees a 30x to redirect_uri even when nothing answers there, and records only candidate requests', async (context) => {
    const page = await openPage(context);
    const gone = await startHttpServer({ name: 'gone', routes: [] });
    await gone.close();
    const returnUrlPrefix = `${gone.url}/return`;
    const startUrl = `${provider.url}/auth/redirect?${new URLSearchParams({ redirect_uri: returnUrlPrefix, state: 's-1' })}`;
    const traffic = new TrafficLog({ redactor: createRedactor() });
    try {
      const watch = PageWatch.attach(page, { startUrl, returnUrlPrefix, operationId: 'getAuth', traffic });
      await page.goto(startUrl, { waitUntil: 'commit', timeout: 5000 }).catch(() => undefined);
      expect(await watch.waitForNavigationOrReturn(0, 5000)).toBe('returned');
      expect(watch.returnUrl).toBe(`${returnUrlPrefix}?state=s-1`);
      expect(await watch.finish()).toEqual([{ method: 'GET', url: startUrl, status: 302, kind: '30x' }]);
      expect(traffic.all().map((record) => [record.request.url, record.operationId, record.response?.status])).toEqual([[startUrl, 'getAuth', 302]]);
    } finally {
      await page.close();
    }
  });

  it('notices a script navigation to redirect_uri, and lets the page land there', async (context) => {
    const page = await openPage(context);
    try {
      const startUrl = provider.startUrl('/auth/script', 's-2');
      const watch = PageWatch.attach(page, { startUrl, returnUrlPrefix: provider.returnUrlPrefix, operationId: 'getAuth' });
      await page.goto(startUrl, { waitUntil: 'commit', timeout: 5000 });
      await page.waitForURL(`${provider.returnUrlPrefix}?state=s-2`, { timeout: 5000 });
      expect(await page.textContent('#returned')).toBe('Back at Banking Service');
      expect(watch.returnUrl).toBe(`${provider.returnUrlPrefix}?state=s-2`);
      expect((await watch.finish()).map((hop) => hop.kind)).toEqual(['script']);
    } finally {
      await page.close();
    }
  });

  it('waits for a navigation with a bound, and records an unanswered request as such', async (context) => {
    const page = await openPage(context);
    const traffic = new TrafficLog({ redactor: createRedactor() });
    try {
      const startUrl = provider.startUrl('/auth/stuck');
      const watch = PageWatch.attach(page, { startUrl, returnUrlPrefix: provider.returnUrlPrefix, operationId: 'getAuthRefresh', traffic });
      await page.goto(startUrl, { waitUntil: 'domcontentloaded', timeout: 5000 });
      const seen = watch.navigations;
      const started = performance.now();
      expect(await watch.waitForNavigationOrReturn(seen, 150)).toBe('timeout');
      expect(performance.now() - started).toBeLessThan(1000);
      const navigated = watch.waitForNavigationOrReturn(seen, 5000);
      await page.goto(provider.startUrl('/auth/stuck'), { waitUntil: 'commit', timeout: 5000 });
      expect(await navigated).toBe('navigated');

      void page.goto(provider.startUrl('/auth/hang'), { timeout: 5000 }).catch(() => undefined);
      await traffic.waitFor((record) => record.seq === 2, { timeoutMs: 5000, description: 'the second page recorded' });
      await expect.poll(() => watch.hops.length, { timeout: 5000 }).toBe(3);
      expect(watch.candidateRequestInFlight()).toBe(true);
      const hops = await watch.finish();
      expect(hops.map((hop) => [hop.status, hop.kind])).toEqual([[200, 'script'], [200, 'script'], [undefined, 'page']]);
      expect(traffic.all().map((record) => [record.operationId, record.response?.status, record.failure])).toEqual([
        ['getAuthRefresh', 200, undefined], [undefined, 200, undefined], [undefined, undefined, 'no answer before the drive ended'],
      ]);
    } finally {
      await page.close();
    }
  });
});
