import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningHttpServer } from '../http/index.ts';
import { walkOverHttp } from './http-walk.ts';

describe('walkOverHttp', () => {
  let server: RunningHttpServer;
  const seen: { path: string; method: string; cookie: string | undefined; body: string }[] = [];

  beforeAll(async () => {
    const page = (body: string) => ({ status: 200, headers: { 'content-type': 'text/html' }, text: body });
    server = await startHttpServer({
      name: 'walk',
      onExchange: (exchange) => seen.push({
        path: new URL(exchange.request.url).pathname, method: exchange.request.method,
        cookie: exchange.request.headers.cookie, body: exchange.request.body.toString(),
      }),
      routes: [
        { method: 'GET', pattern: '/start', handler: () => ({ status: 302, headers: { location: 'step/one', 'set-cookie': 'sid=s1; Path=/' } }) },
        { method: 'GET', pattern: '/step/one', handler: () => page('<form method="post" action="/keep"><input type="hidden" name="k" value="v"></form>') },
        { method: 'POST', pattern: '/keep', handler: () => ({ status: 307, headers: { location: '/kept' } }) },
        { method: 'POST', pattern: '/kept', handler: () => ({ status: 303, headers: { location: '/return?state=s' } }) },
        { method: 'GET', pattern: '/no-location', handler: () => ({ status: 302 }) },
        { method: 'GET', pattern: '/js-location', handler: () => ({ status: 302, headers: { location: 'javascript:alert(1)' } }) },
        { method: 'GET', pattern: '/no-content', handler: () => ({ status: 204 }) },
        { method: 'GET', pattern: '/later-404', handler: () => ({ status: 302, headers: { location: '/missing' } }) },
      ],
    });
  });
  afterAll(() => server.close());

  const walk = (path: string, driver: 'redirect' | 'form' = 'form') => walkOverHttp(
    { startUrl: `${server.url}${path}`, returnUrlPrefix: `${server.url}/return`, timeoutMs: 2000, operationId: 'getAuth' },
    { driver, ...(driver === 'form' ? { forms: {} } : {}) },
  );

  it('resolves a relative Location, keeps the cookie, and repeats a POST with its body on 307', async () => {
    seen.length = 0;
    const result = await walk('/start');
    expect(result).toMatchObject({ outcome: 'returned', returnUrl: `${server.url}/return?state=s` });
    expect(seen.map(({ path, method, cookie, body }) => [method, path, cookie, body])).toEqual([
      ['GET', '/start', undefined, ''],
      ['GET', '/step/one', 'sid=s1', ''],
      ['POST', '/keep', 'sid=s1', 'k=v'],
      ['POST', '/kept', 'sid=s1', 'k=v'],
    ]);
    expect(result.message).toBe('the candidate sent the browser to redirect_uri after 4 request(s), via 302 → form → 307 → 303');
  });

  it('calls a broken redirect, an empty answer and a later 4xx candidate errors, not refusals', async () => {
    expect((await walk('/no-location')).message).toBe('GET /no-location answered 302 without a Location header');
    expect((await walk('/js-location')).message).toBe('GET /js-location answered 302 with Location "javascript:alert(1)", which is not an http(s) URL');
    expect((await walk('/no-content')).message).toBe('GET /no-content answered 204, which is neither a page nor a redirect a browser follows');
    const later = await walk('/later-404', 'redirect');
    expect(later).toMatchObject({ outcome: 'candidate-error', message: 'GET /missing answered 404 after the flow had started' });
    expect(later.hops.map((hop) => [hop.status, hop.kind])).toEqual([[302, '30x'], [404, 'page']]);
  });
});
