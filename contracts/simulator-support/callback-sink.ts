import { createServer, type Server } from 'node:http';
import { listenOnLoopback } from '../../harness/http/index.ts';

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
  const server: Server = createServer((request, response) => {
    calls.push(`${request.method ?? 'GET'} ${new URL(request.url ?? '/', 'http://sink.invalid').pathname}`);
    request.resume();
    request.on('end', () => {
      response.writeHead(202, { 'content-type': 'application/json' });
      response.end('{"accepted":true}');
    });
  });
  const listening = await listenOnLoopback(server);
  return { url: listening.url, calls, close: () => listening.close() };
}
