import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request a stand-in received. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
  readonly body: unknown;
  readonly atMs: number;
}

export type StandInReply = { readonly status: number; readonly json?: unknown; readonly headers?: Readonly<Record<string, string>> } | { readonly drop: true };

export type StandInHandler = (request: RecordedRequest) => StandInReply | Promise<StandInReply>;

export interface StandInServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Resolves with the first recorded request (past or future) that matches, or rejects after timeoutMs. */
  waitFor(predicate: (request: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

/** A minimal real HTTP server on 127.0.0.1 (OS-chosen port unless given) that records every request for assertions. */
export async function startStandIn(handler: StandInHandler, options: { readonly port?: number } = {}): Promise<StandInServer> {
  const requests: RecordedRequest[] = [];
  const waiters: { predicate: (request: RecordedRequest) => boolean; resolve: (request: RecordedRequest) => void }[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      void (async () => {
        const url = new URL(incoming.url ?? '/', 'http://stand-in.invalid');
        const rawBody = Buffer.concat(chunks).toString('utf8');
        let body: unknown = rawBody;
        if (String(incoming.headers['content-type'] ?? '').includes('json')) {
          try {
            body = JSON.parse(rawBody);
          } catch {
            body = rawBody;
          }
        } else if (String(incoming.headers['content-type'] ?? '').includes('x-www-form-urlencoded')) {
          body = Object.fromEntries(new URLSearchParams(rawBody));
        }
        const recorded: RecordedRequest = { method: incoming.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: incoming.headers, rawBody, body, atMs: Date.now() };
        requests.push(recorded);
        for (const waiter of [...waiters]) {
          if (waiter.predicate(recorded)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(recorded);
          }
        }
        const reply = await handler(recorded);
        if ('drop' in reply) {
          incoming.socket.destroy();
          return;
        }
        const payload = reply.json === undefined ? '' : JSON.stringify(reply.json);
        response.writeHead(reply.status, { ...(payload === '' ? {} : { 'content-type': 'application/json' }), ...reply.headers });
        response.end(payload);
      })();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    waitFor: (predicate, timeoutMs = 5_000) => {
      const seen = requests.find(predicate);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`stand-in: no matching request within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ predicate, resolve: (request) => (clearTimeout(timer), resolve(request)) });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
