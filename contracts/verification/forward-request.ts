import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { ProviderRequest } from './provider-request.ts';

/** Connection-scoped headers (RFC 9110 §7.6.1): they describe one hop, so they are not passed on. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

function passedOn(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name, value]) => value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())));
}

function answerForTheCandidate(response: ServerResponse, status: number, text: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-bsck-forwarding': 'failed' });
  response.end(text);
}

/**
 * Sends a request of Pact's verifier on to the provider and its answer back. A provider that refuses or resets a
 * connection, answers with something that is not HTTP or stays silent must not take the kit down: such a failure
 * becomes an answer the verifier reports as the interaction's mismatch, 502 naming what the connection did, or 504
 * when no answer came within `timeoutMs`.
 */
export function forwardToProvider(request: ProviderRequest, response: ServerResponse, providerBaseUrl: string, timeoutMs: number): void {
  const target = new URL(request.url, `${providerBaseUrl.replace(/\/+$/, '')}/`);
  const { body } = request;
  const headers = { ...passedOn(request.headers), host: target.host, 'content-length': String(body.length) };
  const outgoing = httpRequest(target, { method: request.method, headers, timeout: timeoutMs }, (answer) => {
    response.writeHead(answer.statusCode ?? 502, answer.statusMessage ?? '', passedOn(answer.headers));
    answer.pipe(response);
    answer.on('error', () => response.destroy());
  });
  outgoing.on('timeout', () => outgoing.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'TIMEOUT' })));
  outgoing.on('error', (error: NodeJS.ErrnoException) => {
    const timedOut = error.code === 'TIMEOUT';
    answerForTheCandidate(response, timedOut ? 504 : 502, `the kit could not get an answer from the candidate at ${target.origin}: ${error.code ?? 'error'} (${error.message})`);
  });
  outgoing.end(body);
}
