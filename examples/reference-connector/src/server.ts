import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './log.ts';

export interface RequestContext {
  readonly request: IncomingMessage;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** The whole body, refused with 413 beyond `limitBytes`. */
  readBody(limitBytes?: number): Promise<Buffer>;
}

export interface Reply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly html?: string;
}

export type Handler = (context: RequestContext) => Reply | Promise<Reply>;

export interface Route {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly handler: Handler;
}

const DEFAULT_BODY_LIMIT = 1_048_576;

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/** Headers on every HTML page: no caching of login pages, no referrer leaking state, no MIME sniffing. */
const HTML_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

export function jsonReply(status: number, json: unknown, headers: Readonly<Record<string, string>> = {}): Reply {
  return { status, json, headers };
}

/**
 * An HTML page. `scriptNonce` allows exactly one inline script. No X-Frame-Options and no frame-ancestors: the
 * bank registers supportiframe true, so Banking Service may show these pages in an iFrame [C-AUTH] [SYNC].
 * No form-action either: browsers apply it to the redirect after a form post, which leaves for redirect_uri.
 */
export function htmlReply(status: number, html: string, options: { readonly scriptNonce?: string; readonly headers?: Readonly<Record<string, string>> } = {}): Reply {
  const scriptSource = options.scriptNonce === undefined ? "'none'" : `'nonce-${options.scriptNonce}'`;
  return {
    status,
    html,
    headers: {
      ...HTML_HEADERS,
      'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; script-src ${scriptSource}; base-uri 'none'`,
      ...options.headers,
    },
  };
}

export function redirectReply(location: string): Reply {
  return { status: 303, headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } };
}

function readBody(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limitBytes) {
      reject(new BodyTooLargeError(`body of ${declared} bytes exceeds ${limitBytes}`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        request.removeAllListeners('data');
        request.resume();
        reject(new BodyTooLargeError(`body exceeds ${limitBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** A tiny exact-path router: 404 for an unknown path, 405 (with Allow) for a known path and another method. */
export function createRequestListener(routes: readonly Route[], log: Logger): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://connector.invalid');
      const method = (request.method ?? 'GET').toUpperCase();
      const candidates = routes.filter((route) => route.path === url.pathname);
      const route = candidates.find((candidate) => candidate.method === method || (method === 'HEAD' && candidate.method === 'GET'));
      let reply: Reply;
      try {
        if (route === undefined) {
          reply =
            candidates.length === 0
              ? jsonReply(404, { error: 'not-found', message: `no route ${url.pathname}` })
              : jsonReply(405, { error: 'method-not-allowed', message: `${method} is not allowed on ${url.pathname}` }, { allow: candidates.map((candidate) => candidate.method).join(', ') });
        } else {
          reply = await route.handler({ request, method, path: url.pathname, query: url.searchParams, readBody: (limit = DEFAULT_BODY_LIMIT) => readBody(request, limit) });
        }
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          reply = jsonReply(413, { error: 'body-too-large', message: error.message }, { connection: 'close' });
        } else {
          log.error('request handler failed', { method, path: url.pathname, error: error instanceof Error ? error.message : String(error) });
          reply = jsonReply(500, { error: 'internal-error', message: 'the connector failed to handle this request' });
        }
      }
      send(response, reply, method === 'HEAD');
    })();
  };
}

function send(response: ServerResponse, reply: Reply, headOnly: boolean): void {
  if (response.headersSent || response.destroyed) return;
  let body: Buffer | undefined;
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.json !== undefined) {
    body = Buffer.from(JSON.stringify(reply.json));
    headers['content-type'] ??= 'application/json; charset=utf-8';
  } else if (reply.html !== undefined) {
    body = Buffer.from(reply.html);
  }
  headers['content-length'] = String(body?.length ?? 0);
  response.writeHead(reply.status, headers);
  response.end(headOnly ? undefined : body);
}

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  close(): Promise<void>;
}

/** Listens with explicit timeouts so a slow or silent client cannot hold the connector. */
export function listen(listener: RequestListener, options: { readonly port: number; readonly host: string }): Promise<RunningServer> {
  const server = createServer({ requestTimeout: 30_000, headersTimeout: 15_000, keepAliveTimeout: 5_000 }, listener);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        server,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), 2_000).unref();
          }),
      });
    });
  });
}
