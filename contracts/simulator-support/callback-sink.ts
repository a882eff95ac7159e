import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface CallbackSink {
  /** Base URL without a trailing slash. */
  readonly url: string;
  /** Paths called so far, in order (e.g. `POST /notification`), for tests and diagnostics. */
  readonly calls: readonly string[];
  close(): Promise<void>;
}

/**
 * A stand-in connector for banks the harness registers itself (when the provider under test is a pact, not a
 * running connector): it acknowledges every call with 202 so the simulator's notifications have somewhere to go.
 * Nothing it receives is judged.
 */
export async function startCallbackSink(): Promise<CallbackSink> {
  const calls: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    calls.push(`${request.method ?? 'GET'} ${new URL(request.url ?? '/', 'http://sink.invalid').pathname}`);
    request.resume();
    request.on('end', () => {
      response.writeHead(202, { 'content-type': 'application/json' });
      response.end('{"accepted":true}');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
