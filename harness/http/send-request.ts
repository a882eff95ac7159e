import { request as undiciRequest, type Dispatcher } from 'undici';

export interface OutboundRequest {
  readonly method: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** An object is sent as JSON; a string or Buffer as is. */
  readonly body?: unknown;
  /** The whole exchange, connect to last byte; a hung peer costs at most this. */
  readonly timeoutMs: number;
  /** A larger answer is cut off and reported, so a hostile peer cannot exhaust memory. */
  readonly maxResponseBytes?: number;
  readonly dispatcher?: Dispatcher;
}

export type OutboundFailure =
  | { readonly kind: 'timeout'; readonly message: string }
  | { readonly kind: 'connection'; readonly message: string }
  | { readonly kind: 'too-large'; readonly message: string };

export interface OutboundExchange {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly request: { readonly method: string; readonly url: string; readonly headers: Readonly<Record<string, string>>; readonly body: Buffer };
  readonly response:
    | { readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: Buffer }
    | undefined;
  readonly failure: OutboundFailure | undefined;
}

const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

function encodeBody(body: unknown, headers: Record<string, string>): Buffer {
  if (body === undefined) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body);
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  return Buffer.from(JSON.stringify(body));
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

/**
 * Sends one request and always resolves: a timeout, a refused connection or an oversized answer is part of
 * the evidence about the peer, not an exception. Redirects are never followed; the caller decides.
 */
export async function sendRequest(outbound: OutboundRequest): Promise<OutboundExchange> {
  const headers: Record<string, string> = { ...outbound.headers };
  const body = encodeBody(outbound.body, headers);
  const limit = outbound.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const signal = AbortSignal.timeout(outbound.timeoutMs);
  const requestRecord = { method: outbound.method.toUpperCase(), url: outbound.url, headers, body };
  const finish = (response: OutboundExchange['response'], failure: OutboundFailure | undefined): OutboundExchange => ({
    startedAt, durationMs: performance.now() - started, request: requestRecord, response, failure,
  });

  let answer: Dispatcher.ResponseData;
  try {
    answer = await undiciRequest(outbound.url, {
      method: requestRecord.method as Dispatcher.HttpMethod,
      headers,
      body: body.length > 0 ? body : null,
      signal,
      dispatcher: outbound.dispatcher,
    });
  } catch (error) {
    return finish(undefined, signal.aborted
      ? { kind: 'timeout', message: `no response within ${outbound.timeoutMs} ms` }
      : { kind: 'connection', message: describeConnectionError(error) });
  }

  const responseHeaders = flattenHeaders(answer.headers);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of answer.body) {
      size += (chunk as Buffer).length;
      if (size > limit) {
        answer.body.destroy();
        return finish({ status: answer.statusCode, headers: responseHeaders, body: Buffer.concat(chunks) },
          { kind: 'too-large', message: `response body larger than ${limit} bytes` });
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    const failure: OutboundFailure = signal.aborted
      ? { kind: 'timeout', message: `response body not complete within ${outbound.timeoutMs} ms` }
      : { kind: 'connection', message: describeConnectionError(error) };
    return finish({ status: answer.statusCode, headers: responseHeaders, body: Buffer.concat(chunks) }, failure);
  }
  return finish({ status: answer.statusCode, headers: responseHeaders, body: Buffer.concat(chunks) }, undefined);
}

function describeConnectionError(error: unknown): string {
  const err = error as { name?: string; code?: string; message?: string; cause?: { name?: string; code?: string; message?: string } };
  const code = err.cause?.code ?? err.code;
  const message = err.cause?.message ?? err.message ?? String(error);
  // undici's parser error says what it expected, not that the peer spoke something else; the verdict should say that.
  if (err.name === 'HTTPParserError' || err.cause?.name === 'HTTPParserError') return `the answer is not HTTP/1.1 (${message})`;
  return code ? `${code}: ${message}` : message;
}
