import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from './log.ts';
import { createRequestListener, htmlReply, jsonReply, listen, redirectReply, type RunningServer } from './server.ts';

describe('the tiny router on real HTTP', () => {
  let server: RunningServer;
  let url: string;
  beforeAll(async () => {
    server = await listen(
      createRequestListener(
        [
          { method: 'GET', path: '/json', handler: () => jsonReply(200, { ok: true }) },
          { method: 'POST', path: '/echo', handler: async (context) => jsonReply(200, { length: (await context.readBody(10)).length }) },
          { method: 'GET', path: '/page', handler: () => htmlReply(200, '<p>hi</p>', { scriptNonce: 'n1' }) },
          { method: 'GET', path: '/go', handler: () => redirectReply('https://example.test/next?state=1') },
          { method: 'GET', path: '/boom', handler: () => { throw new Error('bug'); } },
        ],
        silentLogger,
      ),
      { port: 0, host: '127.0.0.1' },
    );
    url = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('routes exact paths and answers JSON, HTML and 303 redirects', async () => {
    expect(await (await fetch(`${url}/json?x=1`)).json()).toEqual({ ok: true });
    const page = await fetch(`${url}/page`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'nonce-n1'");
    expect(page.headers.get('x-frame-options')).toBeNull();
    const redirect = await fetch(`${url}/go`, { redirect: 'manual' });
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get('location')).toBe('https://example.test/next?state=1');
    const head = await fetch(`${url}/json`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('answers 404, 405 with Allow, 413 and a generic 500', async () => {
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    const wrongMethod = await fetch(`${url}/json`, { method: 'POST' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    expect((await fetch(`${url}/echo`, { method: 'POST', body: '12345' })).status).toBe(200);
    expect((await fetch(`${url}/echo`, { method: 'POST', body: 'x'.repeat(100) })).status).toBe(413);
    const boom = await fetch(`${url}/boom`);
    expect(boom.status).toBe(500);
    expect(await boom.json()).toEqual({ error: 'internal-error', message: 'the connector failed to handle this request' });
  });
});
