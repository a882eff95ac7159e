import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRequest } from './send-request.ts';

/** Peers that misbehave the way a hostile connector does; sendRequest must resolve, bounded, saying what happened. */
describe('sendRequest against a hostile peer', () => {
  const held = new Set<Socket>();
  let tcp: TcpServer;
  let http: HttpServer;
  let tcpUrl = '';
  let httpUrl = '';

  beforeAll(async () => {
    tcp = createTcpServer((socket) => {
      socket.once('data', () => socket.end(Buffer.from('\u0016\u0003\u0001 NOT HTTP garbage\r\n\r\n', 'latin1')));
    });
    http = createHttpServer((request, response) => {
      held.add(request.socket);
      if (request.url === '/huge') {
        // 8 MiB offered, written as the socket drains; the client stops reading at its limit.
        response.writeHead(200, { 'content-type': 'application/json' });
        let left = 8 * 1024 * 1024;
        const pump = (): void => {
          while (left > 0) {
            left -= 64 * 1024;
            if (!response.write('x'.repeat(64 * 1024))) return void response.once('drain', pump);
          }
          response.end();
        };
        response.on('error', () => {});
        pump();
        return;
      }
      // /unfinished: a status line and half a body, then nothing.
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      response.write('{"received": tr');
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    tcpUrl = `http://127.0.0.1:${(tcp.address() as { port: number }).port}`;
    httpUrl = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => tcp.close(resolve));
    await new Promise((resolve) => http.close(resolve));
  });

  it('names an answer that is not HTTP as such', async () => {
    const exchange = await sendRequest({ method: 'POST', url: `${tcpUrl}/notification`, body: { type: 'x' }, timeoutMs: 5_000 });
    expect(exchange.response).toBeUndefined();
    expect(exchange.failure).toEqual({ kind: 'connection', message: expect.stringMatching(/^the answer is not HTTP\/1\.1 \(/) });
  });

  it('stops reading at maxResponseBytes and keeps only what it read', async () => {
    const exchange = await sendRequest({ method: 'GET', url: `${httpUrl}/huge`, timeoutMs: 10_000, maxResponseBytes: 1024 * 1024 });
    expect(exchange.failure).toEqual({ kind: 'too-large', message: 'response body larger than 1048576 bytes' });
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.body.length).toBeLessThanOrEqual(1024 * 1024);
  });

  it('gives up on a body that never completes at the timeout, keeping the status it saw', async () => {
    const started = performance.now();
    const exchange = await sendRequest({ method: 'POST', url: `${httpUrl}/unfinished`, body: {}, timeoutMs: 300 });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(exchange.response?.status).toBe(200);
    expect(exchange.failure).toEqual({ kind: 'timeout', message: 'response body not complete within 300 ms' });
  });
});
