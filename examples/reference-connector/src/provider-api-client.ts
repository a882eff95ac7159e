import { backoffMs, delay, parseRetryAfter } from './backoff.ts';
import type { ConnectorTiming } from './config.ts';
import type { FaultSet } from './faults.ts';
import type { Logger } from './log.ts';
import { RequestPacer } from './request-pacer.ts';
import { describeFetchError, withTimeout, type SageIdClient } from './sage-id-client.ts';

export interface ProviderApiResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, the raw text when it is not JSON, undefined when empty. */
  readonly body: unknown;
}

/** No HTTP answer: a refused or dropped connection, or a timeout. Delivery of a POST is then uncertain [APPLY]. */
export class ProviderApiTransportError extends Error {
  override readonly name = 'ProviderApiTransportError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${method} ${path}: no response (${reason})`);
  }
}

export interface ProviderApiClientOptions {
  /** BANKING_SERVICE_URL without a trailing slash. */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly tokens: SageIdClient;
  readonly timing: ConnectorTiming;
  readonly faults: FaultSet;
  readonly log: Logger;
}

export interface ProviderApiRequestOptions {
  readonly signal?: AbortSignal;
}

/**
 * The Provider API as a provider must call it: `x-api-key`, `Authorization: Bearer <token>` and
 * `Content-Type: application/json` on every call [P-AUTHZ] [P-STMT] [P-AQ] [BRUNO-JSON]; an explicit timeout on
 * every call; one token refresh and retry on a 401 [G-POST]; bounded back-off on 429 honouring Retry-After
 * [APPLY] [SETUP], and pacing just under the default throttle so 429s stay rare. Other statuses are returned to
 * the caller, which knows whether a retry is safe.
 */
export class ProviderApiClient {
  readonly #options: ProviderApiClientOptions;
  readonly #pacer: RequestPacer;
  #sent = 0;

  constructor(options: ProviderApiClientOptions) {
    this.#options = options;
    this.#pacer = new RequestPacer({ limit: options.timing.maxRequestsPerSecond });
  }

  async request(method: string, path: string, body?: unknown, requestOptions: ProviderApiRequestOptions = {}): Promise<ProviderApiResponse> {
    const { timing, faults, log, tokens } = this.#options;
    const { signal } = requestOptions;
    let refreshedAfter401 = false;
    for (let throttled = 0; ; ) {
      const authorization = await tokens.authorization(signal);
      const response = await this.#send(method, path, authorization, body, signal);
      if (response.status === 401 && !refreshedAfter401) {
        if (faults.has('no-refresh-on-401')) return response;
        // A 401 on a token we believed valid: drop it, fetch a fresh one and retry once [G-POST].
        log.info('Provider API answered 401, refreshing the Sage ID token', { method, path });
        tokens.invalidate(authorization);
        refreshedAfter401 = true;
        continue;
      }
      if (response.status === 429 && throttled < timing.maxRetries) {
        const hinted = parseRetryAfter(response.headers.get('retry-after'));
        const waitMs = Math.min(hinted ?? backoffMs(throttled, Math.max(timing.initialBackoffMs, 1000), timing.maxBackoffMs), timing.maxBackoffMs);
        throttled += 1;
        log.warn('Provider API throttled the call (429), backing off', { method, path, waitMs, attempt: throttled });
        if (!faults.has('no-backoff-on-429')) await delay(waitMs, signal);
        continue;
      }
      return response;
    }
  }

  async #send(method: string, path: string, authorization: string, body: unknown, signal: AbortSignal | undefined): Promise<ProviderApiResponse> {
    const { baseUrl, apiKey, timing, faults, log } = this.#options;
    const headers: Record<string, string> = { authorization, 'content-type': 'application/json', accept: 'application/json' };
    if (!faults.has('no-api-key')) headers['x-api-key'] = apiKey;
    if (faults.has('no-bearer-on-first-call') && this.#sent === 0) delete headers.authorization;
    this.#sent += 1;
    if (!faults.has('no-request-pacing')) await this.#pacer.acquire(signal);
    const startedAt = Date.now();
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: withTimeout(timing.httpTimeoutMs, signal),
      });
      text = await response.text();
    } catch (error) {
      const reason = describeFetchError(error);
      log.warn('Provider API call failed without a response', { method, path, reason, durationMs: Date.now() - startedAt });
      throw new ProviderApiTransportError(method, path, reason);
    }
    log.debug('Provider API call', { method, path, status: response.status, durationMs: Date.now() - startedAt });
    let parsed: unknown = text === '' ? undefined : text;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        // Keep the raw text: callers only read bodies of documented JSON responses.
      }
    }
    return { status: response.status, headers: response.headers, body: parsed };
  }
}

/** Reads `errors[]` (ErrorResponse) or `data.reasons[]` (StatementState) into short sentences for logs. */
export function describeProblems(body: unknown): string[] {
  const record = body as { errors?: unknown; data?: { reasons?: unknown } } | undefined;
  const list = Array.isArray(record?.errors) ? record.errors : Array.isArray(record?.data?.reasons) ? record.data.reasons : [];
  return list.map((item) => {
    const entry = item as { rule?: unknown; code?: unknown; message?: unknown };
    const label = [entry.rule, entry.code].filter((part) => typeof part === 'string').join('/');
    return `${label === '' ? '' : `${label}: `}${typeof entry.message === 'string' ? entry.message : 'no message'}`;
  });
}
