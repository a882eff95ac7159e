import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type CapturedExchange, type RunningHttpServer } from './http-server.ts';
import { sendRequest } from './send-request.ts';

describe('startHttpServer + sendRequest on loopback', () => {
  const exchanges: CapturedExchange[] = [];
  let server: RunningHttpServer;
  let releaseHang: () => void = () => {};

  beforeAll(async () => {
    server = await startHttpServer({
      name: 'test',
      maxBodyBytes: 1024,
      onExchange: (exchange) => exchanges.push(exchange),
      routes: [
        { method: 'POST', pattern: '/echo/:id', handler: (request) => ({ status: 201, json: { id: request.params.id, body: request.body } }) },
        { method: 'GET', pattern: '/boom', handler: () => { throw new Error('kit bug'); } },
        { method: 'GET', pattern: '/drop', handler: () => ({ drop: true }) },
        { method: 'GET', pattern: '/big', handler: () => ({ status: 200, text: 'x'.repeat(10_000) }) },
        { method: 'GET', pattern: '/hang', handler: () => new Promise((resolve) => { releaseHang = () => resolve({ status: 204 }); }) },
      ],
    });
  });
  afterAll(async () => {
    releaseHang();
    await server.close();
  });

  it('routes, parses JSON and records the exchange', async () => {
    const exchange = await sendRequest({ method: 'POST', url: `${server.url}/echo/a1`, body: { x: 1 }, timeoutMs: 2000 });
    expect(exchange.response?.status).toBe(201);
    expect(JSON.parse(exchange.response?.body.toString() ?? '')).toEqual({ id: 'a1', body: { kind: 'json', value: { x: 1 } } });
    const recorded = exchanges.at(-1);
    expect(recorded?.route).toBe('/echo/:id');
    expect(recorded?.request.body.toString()).toBe('{"x":1}');
    expect(recorded?.response?.status).toBe(201);
  });

  it('answers 404, 405 and 413 and blames a throwing handler on the kit', async () => {
    expect((await sendRequest({ method: 'GET', url: `${server.url}/nope`, timeoutMs: 2000 })).response?.status).toBe(404);
    const wrongMethod = await sendRequest({ method: 'GET', url: `${server.url}/echo/a`, timeoutMs: 2000 });
    expect(wrongMethod.response?.status).toBe(405);
    expect(wrongMethod.response?.headers.allow).toBe('POST');
    const tooBig = await sendRequest({ method: 'POST', url: `${server.url}/echo/a`, body: 'y'.repeat(5000), timeoutMs: 2000 });
    expect(tooBig.response?.status ?? tooBig.failure?.kind).toSatisfy((value) => value === 413 || value === 'connection');
    const boom = await sendRequest({ method: 'GET', url: `${server.url}/boom`, timeoutMs: 2000 });
    expect(boom.response?.status).toBe(500);
    expect(exchanges.at(-1)?.error).toBe('handler failed: kit bug');
  });

  it('reports a dropped connection, an oversized answer and a timeout without throwing', async () => {
    expect((await sendRequest({ method: 'GET', url: `${server.url}/drop`, timeoutMs: 2000 })).failure?.kind).toBe('connection');
    const big = await sendRequest({ method: 'GET', url: `${server.url}/big`, timeoutMs: 2000, maxResponseBytes: 100 });
    expect(big.failure?.kind).toBe('too-large');
    const hung = await sendRequest({ method: 'GET', url: `${server.url}/hang`, timeoutMs: 150 });
    expect(hung.failure).toEqual({ kind: 'timeout', message: 'no response within 150 ms' });
    expect(hung.durationMs).toBeLessThan(1000);
  });

  it('reports a refused connection', async () => {
    const closed = await startHttpServer({ name: 'closed', routes: [] });
    await closed.close();
    const refused = await sendRequest({ method: 'GET', url: `${closed.url}/`, timeoutMs: 2000 });
    expect(refused.failure?.kind).toBe('connection');
    expect(refused.failure?.message).toMatch(/ECONNREFUSED/);
  });

  it('closes even while a peer holds a connection open', async () => {
    const holder = await startHttpServer({ name: 'holder', routes: [] });
    const socket = connect(holder.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const socketClosed = new Promise((resolve) => socket.once('close', resolve));
    await holder.close();
    await socketClosed;
    expect(socket.destroyed).toBe(true);
  });
});
