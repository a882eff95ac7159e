import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { findFreePort } from '../../harness/docker/free-port.ts';
import { forwardToProvider } from './forward-request.ts';

/** A stand-in for the kit's verifier server: every request goes through forwardToProvider to `target`. */
async function proxyTo(target: string, timeoutMs = 2_000): Promise<{ url: string; close: () => Promise<void> }> {
  const server = tracked(createHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      forwardToProvider({ method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks) }, response, target, timeoutMs);
    });
  }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => closeServer(server) };
}

/** Closes a server with whatever connections it still holds (the silent one never ends its sockets). */
function closeServer(server: Server | TcpServer): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const socket of sockets.get(server) ?? []) socket.destroy();
  return closed;
}
const sockets = new WeakMap<Server | TcpServer, Set<Socket>>();
function tracked<S extends Server | TcpServer>(server: S): S {
  const open = new Set<Socket>();
  sockets.set(server, open);
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  return server;
}
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function listen<S extends Server | TcpServer>(server: S): Promise<string> {
  tracked(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => closeServer(server));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('forwardToProvider', () => {
  it('passes the request on with its body and the target host, and the answer back', async () => {
    const seen: { method?: string; url?: string; host?: string; body?: string } = {};
    const candidate = await listen(createHttpServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        Object.assign(seen, { method: request.method, url: request.url, host: request.headers.host, body });
        response.writeHead(202, { 'content-type': 'application/json', 'x-connector': 'yes' }).end('{"ok":true}');
      });
    }));
    const proxy = await proxyTo(candidate);
    cleanups.push(proxy.close);
    const answer = await fetch(`${proxy.url}/notification?x=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"x"}' });
    expect(answer.status).toBe(202);
    expect(answer.headers.get('x-connector')).toBe('yes');
    expect(await answer.text()).toBe('{"ok":true}');
    expect(seen).toEqual({ method: 'POST', url: '/notification?x=1', host: new URL(candidate).host, body: '{"type":"x"}' });
  });

  it('turns a refused connection into a 502 that names it, instead of an exception', async () => {
    const proxy = await proxyTo(`http://127.0.0.1:${await findFreePort()}`);
    cleanups.push(proxy.close);
    const answer = await fetch(`${proxy.url}/notification`, { method: 'POST', body: '{}' });
    expect(answer.status).toBe(502);
    expect(await answer.text()).toMatch(/^the kit could not get an answer from the candidate at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
  });

  it('turns an answer that is not HTTP into a 502, and silence into a 504', async () => {
    const garbage = await listen(createTcpServer((socket) => socket.end('this is not HTTP\r\n\r\n')));
    const silent = await listen(createTcpServer(() => {}));
    const toGarbage = await proxyTo(garbage);
    const toSilence = await proxyTo(silent, 300);
    cleanups.push(toGarbage.close, toSilence.close);
    const bad = await fetch(`${toGarbage.url}/auth`);
    expect(bad.status).toBe(502);
    expect(await bad.text()).toMatch(/: HPE_/);
    const slow = await fetch(`${toSilence.url}/auth`);
    expect(slow.status).toBe(504);
    expect(await slow.text()).toMatch(/TIMEOUT \(no answer within 300 ms\)/);
  });
});
