import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse as NodeResponse } from 'node:http';
import { listenOnLoopback } from './listen-on-loopback.ts';
import { BodyTooLargeError, parseBody, readBody, type ParsedBody } from './read-body.ts';
import { createRouteTable, type RouteDefinition } from './route-table.ts';

export interface ServerRequest {
  readonly method: string;
  readonly url: URL;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly params: Readonly<Record<string, string>>;
  readonly rawBody: Buffer;
  readonly body: ParsedBody;
  /** The matched route pattern, e.g. `/v1/statements/:statementId`. */
  readonly route: string;
}

export type ServerReply =
  | { readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly json?: unknown; readonly text?: string }
  /** Destroys the socket without answering: the "dropped connection" fault. */
  | { readonly drop: true };

export type RequestHandler = (request: ServerRequest) => ServerReply | Promise<ServerReply>;
export type Route = RouteDefinition<RequestHandler>;

/** One request and its answer as seen on the wire, before any interpretation. */
export interface CapturedExchange {
  readonly server: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly route: string | undefined;
  readonly request: { readonly method: string; readonly url: string; readonly headers: IncomingHttpHeaders; readonly body: Buffer };
  readonly response:
    | { readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: Buffer }
    | undefined;
  /** Why there is no (complete) response: a dropped connection, an oversized body, a handler that failed. */
  readonly error: string | undefined;
}

export interface HttpServerOptions {
  readonly name: string;
  readonly routes: readonly Route[];
  readonly host?: string;
  readonly port?: number;
  readonly maxBodyBytes?: number;
  readonly onExchange?: (exchange: CapturedExchange) => void;
  /** A handler threw: the kit's own failure, never the peer's. */
  readonly onHandlerError?: (error: unknown, request: ServerRequest) => void;
}

export interface RunningHttpServer {
  readonly name: string;
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

const errorReply = (status: number, code: string, message: string): ServerReply => ({
  status,
  json: { errors: [{ code, message }] },
});

function serialise(reply: Exclude<ServerReply, { drop: true }>): { headers: Record<string, string>; body: Buffer } {
  const headers: Record<string, string> = { ...reply.headers };
  const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
  let body: Buffer = Buffer.alloc(0);
  if (reply.json !== undefined) {
    body = Buffer.from(JSON.stringify(reply.json));
    if (!hasContentType) headers['content-type'] = 'application/json';
  } else if (reply.text !== undefined) {
    body = Buffer.from(reply.text);
    if (!hasContentType) headers['content-type'] = 'text/plain; charset=utf-8';
  }
  headers['content-length'] = String(body.length);
  return { headers, body };
}

/** Starts a server on loopback (a port the OS picks unless given) that records every exchange it serves. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const table = createRouteTable(options.routes);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  const handle = async (incoming: IncomingMessage, outgoing: NodeResponse): Promise<void> => {
    const started = performance.now();
    const startedAt = new Date().toISOString();
    const url = new URL(incoming.url ?? '/', `http://${incoming.headers.host ?? '127.0.0.1'}`);
    const method = (incoming.method ?? 'GET').toUpperCase();
    let rawBody: Buffer = Buffer.alloc(0);
    let route: string | undefined;
    let reply: ServerReply;
    let error: string | undefined;
    try {
      rawBody = await readBody(incoming, maxBodyBytes);
      const match = table.match(method, url.pathname);
      if (match.kind === 'not-found') reply = errorReply(404, 'not-found', `no route for ${method} ${url.pathname}`);
      else if (match.kind === 'method-not-allowed') reply = { ...errorReply(405, 'method-not-allowed', `${method} not allowed`), headers: { allow: match.allowed.join(', ') } };
      else {
        route = match.pattern;
        const request: ServerRequest = {
          method, url, path: url.pathname, query: url.searchParams, headers: incoming.headers, params: match.params,
          rawBody, body: parseBody(rawBody, incoming.headers['content-type']), route: match.pattern,
        };
        try {
          reply = await match.handler(request);
        } catch (handlerError) {
          error = `handler failed: ${(handlerError as Error).message}`;
          options.onHandlerError?.(handlerError, request);
          reply = errorReply(500, 'kit-internal-error', 'the simulator failed to handle this request');
        }
      }
    } catch (readError) {
      if (readError instanceof BodyTooLargeError) {
        error = readError.message;
        reply = errorReply(413, 'body-too-large', readError.message);
      } else {
        error = `request aborted: ${(readError as Error).message}`;
        reply = { drop: true };
      }
    }

    let response: CapturedExchange['response'];
    if ('drop' in reply) {
      error ??= 'connection dropped by fault injection';
      incoming.socket.destroy();
    } else {
      const { headers, body } = serialise(reply);
      if (!outgoing.headersSent && !outgoing.destroyed) {
        outgoing.writeHead(reply.status, headers);
        outgoing.end(body);
      }
      response = { status: reply.status, headers, body };
    }
    options.onExchange?.({
      server: options.name,
      startedAt,
      durationMs: performance.now() - started,
      route,
      request: { method, url: url.toString(), headers: incoming.headers, body: rawBody },
      response,
      error,
    });
  };

  const server = createServer((incoming, outgoing) => {
    void handle(incoming, outgoing);
  });
  const listening = await listenOnLoopback(server, { host: options.host, port: options.port });
  return { name: options.name, url: listening.url, port: listening.port, close: () => listening.close() };
}
