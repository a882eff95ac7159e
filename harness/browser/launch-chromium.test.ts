import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumExecutablePath, findChromium, launchChromium, type ChromiumHandle } from './index.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const FORM_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Consent</title></head>
<body>
  <h1>Link your bank account</h1>
  <form method="post" action="/submit">
    <label>Account holder <input name="holder" id="holder"></label>
    <label>Sort code <input name="sortCode" id="sortCode"></label>
    <button type="submit" id="approve">Approve</button>
  </form>
</body></html>`;

/** A page with a form on 127.0.0.1, and a promise of the first form body it receives. */
async function startFormServer(): Promise<{ server: Server; url: string; submitted: Promise<URLSearchParams> }> {
  let deliver!: (form: URLSearchParams) => void;
  const submitted = new Promise<URLSearchParams>((resolve) => (deliver = resolve));
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(FORM_PAGE);
      return;
    }
    if (req.method === 'POST' && req.url === '/submit') {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        deliver(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><p id="done">Approved</p>');
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/`, submitted };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const scratch = mkdtempSync(join(tmpdir(), 'bsck-chromium-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('launchChromium', () => {
  it('fills and submits a form served on 127.0.0.1, and screenshots the result as PNG', { timeout: 60_000 }, async (ctx) => {
    const found = await findChromium();
    if (!found.available) {
      // CI installs Chromium (.ci/run): there, a missing browser is a failure, never a skip.
      if (process.env['CI'] === 'true') throw new Error(`CI=true but ${found.reason}`);
      return ctx.skip(`Chromium is not installed locally: ${found.reason}`);
    }
    const { server, url, submitted } = await startFormServer();
    let browser: ChromiumHandle | undefined;
    try {
      const launchStarted = performance.now();
      browser = await launchChromium();
      console.log(`chromium: launched in ${Math.round(performance.now() - launchStarted)} ms`);
      expect(existsSync(browser.userDataDir)).toBe(true);

      const page = await browser.newPage();
      await page.goto(url, { timeout: 10_000 });
      await page.fill('#holder', 'Ada Lovelace');
      await page.fill('#sortCode', '12-34-56');
      await page.click('#approve');

      const form = await within(submitted, 10_000, 'the form submission');
      expect(Object.fromEntries(form)).toEqual({ holder: 'Ada Lovelace', sortCode: '12-34-56' });
      await page.waitForSelector('#done', { timeout: 10_000 });
      expect(await page.textContent('#done')).toBe('Approved');

      const screenshot = join(scratch, 'approved.png');
      await page.screenshot({ path: screenshot, timeout: 10_000 });
      const png = readFileSync(screenshot);
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(png.length).toBeGreaterThan(1_000);

      // chrome://version shows the command line the browser really got: the switches and this launch's profile.
      await page.goto('chrome://version', { timeout: 10_000 });
      const commandLine = (await page.textContent('#command_line')) ?? '';
      for (const arg of CHROMIUM_ARGS) expect(commandLine).toContain(arg);
      expect(commandLine).toContain(`--user-data-dir=${browser.userDataDir}`);
      expect(commandLine).toMatch(/--headless/);
    } finally {
      await browser?.close();
      await new Promise((resolve) => server.close(resolve));
    }
    expect(browser.context.browser()?.isConnected() ?? false).toBe(false);
    expect(existsSync(browser.userDataDir)).toBe(false);
    await browser.close();
  });

  it('looks where CHROMIUM_PATH says, and names the path it could not find', async () => {
    expect(chromiumExecutablePath({})).toBe('/usr/bin/chromium');
    expect(chromiumExecutablePath({ CHROMIUM_PATH: '/opt/chromium/chrome' })).toBe('/opt/chromium/chrome');
    const missing = join(scratch, 'no-chromium-here');
    expect(await findChromium(missing)).toEqual({
      available: false,
      reason: `no Chromium executable at ${missing}: apt-get install chromium, or set CHROMIUM_PATH`,
    });
    await expect(launchChromium({ executablePath: missing })).rejects.toThrow(`no Chromium executable at ${missing}`);
  });
});
