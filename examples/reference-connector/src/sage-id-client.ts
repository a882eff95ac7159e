import { backoffMs, delay, parseRetryAfter } from './backoff.ts';
import type { ConnectorTiming } from './config.ts';
import type { FaultSet } from './faults.ts';
import type { Logger } from './log.ts';

export interface SageIdClientOptions {
  /** `${SAGE_ID_URL}/oauth/token` */
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly audience: string;
  readonly timing: ConnectorTiming;
  readonly faults: FaultSet;
  readonly log: Logger;
  readonly now?: () => number;
}

/** Sage ID refused the grant or could not be reached; the message never carries a credential. */
export class SageIdError extends Error {
  override readonly name = 'SageIdError';
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

interface CachedToken {
  /** `Bearer <jwt>`: the collection sends token_type + ' ' + access_token [BRUNO]. */
  readonly authorization: string;
  readonly refreshAtMs: number;
}

const FALLBACK_LIFETIME_MS = 300_000;

/**
 * Client-credentials tokens for the Provider API. Tokens are cached and reused until shortly before they expire,
 * never fetched per request [APPLY] [SETUP]; a caller that gets a 401 invalidates the token it used and the next
 * call fetches a fresh one [G-POST]. Concurrent callers share one in-flight fetch.
 */
export class SageIdClient {
  readonly #options: SageIdClientOptions;
  readonly #now: () => number;
  #cached: CachedToken | undefined;
  #inflight: Promise<CachedToken> | undefined;
  #fetches = 0;

  constructor(options: SageIdClientOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** How many tokens were fetched so far (for tests and the start-up log). */
  get fetchCount(): number {
    return this.#fetches;
  }

  /** The Authorization header value to send. */
  async authorization(signal?: AbortSignal): Promise<string> {
    if (this.#options.faults.has('token-per-request')) return (await this.#fetchWithRetries(signal)).authorization;
    const cached = this.#cached;
    if (cached !== undefined && this.#now() < cached.refreshAtMs) return cached.authorization;
    // The shared fetch is not tied to one caller's cancellation; it has its own timeouts and retry bound.
    this.#inflight ??= this.#fetchWithRetries().finally(() => {
      this.#inflight = undefined;
    });
    const fresh = await this.#inflight;
    this.#cached = fresh;
    return fresh.authorization;
  }

  /** Forget `authorization` if it is still the cached one (a 401 said it is no longer good). */
  invalidate(authorization: string): void {
    if (this.#cached?.authorization === authorization) this.#cached = undefined;
  }

  async #fetchWithRetries(signal?: AbortSignal): Promise<CachedToken> {
    const { timing } = this.#options;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.#fetchOnce(signal);
      } catch (error) {
        const retryable = error instanceof SageIdError ? error.retryable : !signal?.aborted;
        if (!retryable || attempt >= timing.maxRetries) throw error;
        const waitMs = (error instanceof RetryAfter ? error.waitMs : undefined) ?? backoffMs(attempt, timing.initialBackoffMs, timing.maxBackoffMs);
        this.#options.log.warn('Sage ID token request failed, retrying', { attempt: attempt + 1, waitMs, reason: (error as Error).message });
        await delay(Math.min(waitMs, timing.maxBackoffMs), signal);
      }
    }
  }

  async #fetchOnce(signal?: AbortSignal): Promise<CachedToken> {
    const { tokenUrl, clientId, clientSecret, audience, timing } = this.#options;
    // Form-urlencoded with grant_type client_credentials, as the Sage collection sends it [BRUNO] (policy token-request-encoding).
    const grantType = this.#options.faults.has('grant-type-typo') ? 'client_credentails' : 'client_credentials';
    const form = new URLSearchParams({ grant_type: grantType, client_id: clientId, client_secret: clientSecret, audience });
    this.#fetches += 1;
    let response: Response;
    try {
      response = await fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: withTimeout(timing.httpTimeoutMs, signal),
      });
    } catch (error) {
      throw new SageIdError(`Sage ID token endpoint ${tokenUrl} unreachable: ${describeFetchError(error)}`, true);
    }
    const text = await response.text().catch(() => '');
    if (response.status === 429) {
      throw new RetryAfter(`Sage ID throttled the token request (HTTP 429)`, parseRetryAfter(response.headers.get('retry-after')));
    }
    if (response.status >= 500) throw new SageIdError(`Sage ID token endpoint answered HTTP ${response.status}`, true);
    if (!response.ok) {
      throw new SageIdError(
        `Sage ID refused the client-credentials grant (HTTP ${response.status}): check SAGE_ID_CLIENT_ID, SAGE_ID_CLIENT_SECRET and SAGE_ID_AUDIENCE`,
        false,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new SageIdError('Sage ID token response is not JSON', false);
    }
    const record = body as { access_token?: unknown; token_type?: unknown; expires_in?: unknown };
    if (typeof record.access_token !== 'string' || record.access_token === '') {
      throw new SageIdError('Sage ID token response has no access_token', false);
    }
    const tokenType = typeof record.token_type === 'string' && record.token_type !== '' ? record.token_type : 'Bearer';
    const lifetimeMs = tokenLifetimeMs(record.access_token, record.expires_in, this.#now());
    // Refresh shortly before expiry; for short-lived tokens the margin shrinks so a token is still reused.
    const marginMs = Math.min(timing.tokenRefreshMarginMs, lifetimeMs / 5);
    this.#options.log.debug('Sage ID token fetched', { lifetimeSeconds: Math.round(lifetimeMs / 1000) });
    return {
      authorization: `${tokenType.toLowerCase() === 'bearer' ? 'Bearer' : tokenType} ${record.access_token}`,
      refreshAtMs: this.#options.faults.has('ignore-token-expiry') ? Number.POSITIVE_INFINITY : this.#now() + lifetimeMs - marginMs,
    };
  }
}

class RetryAfter extends SageIdError {
  constructor(
    message: string,
    readonly waitMs: number | undefined,
  ) {
    super(message, true);
  }
}

/** expires_in when given, else the JWT's exp, else five minutes. */
export function tokenLifetimeMs(accessToken: string, expiresIn: unknown, nowMs: number): number {
  if (typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0) return expiresIn * 1000;
  if (typeof expiresIn === 'string' && /^\d+$/.test(expiresIn) && Number(expiresIn) > 0) return Number(expiresIn) * 1000;
  const payload = accessToken.split('.')[1];
  if (payload !== undefined) {
    try {
      const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
      if (typeof exp === 'number' && exp * 1000 > nowMs) return exp * 1000 - nowMs;
    } catch {
      // Not a JWT we can read: fall through to the default lifetime.
    }
  }
  return FALLBACK_LIFETIME_MS;
}

/** An explicit per-call timeout, combined with the caller's cancellation. */
export function withTimeout(timeoutMs: number, signal?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal === undefined ? timeout : AbortSignal.any([timeout, signal]);
}

export function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timed out';
    if (error.name === 'AbortError') return 'aborted';
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    if (cause !== undefined && typeof cause.code === 'string') return cause.code;
    if (cause !== undefined && typeof cause.message === 'string') return cause.message;
    return error.message;
  }
  return String(error);
}
