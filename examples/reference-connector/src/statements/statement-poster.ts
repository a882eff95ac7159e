import { backoffMs, delay } from '../backoff.ts';
import type { ConnectorTiming } from '../config.ts';
import type { FaultSet } from '../faults.ts';
import type { Logger } from '../log.ts';
import { describeProblems, ProviderApiTransportError, type ProviderApiClient } from '../provider-api-client.ts';
import { withFreshUniqueIds } from './statement-builder.ts';
import type { StatementRequest } from './statement-types.ts';

export type StatementOutcome =
  | { readonly kind: 'completed'; readonly statementId: string }
  /** This resubmission was refused as a duplicate of an earlier attempt that did land: delivered [APPLY] (R3). */
  | { readonly kind: 'delivered-earlier'; readonly statementId: string | undefined; readonly problems: readonly string[] }
  /** Only with the concurrent-statements fault: posted, completion not awaited. */
  | { readonly kind: 'submitted'; readonly statementId: string }
  | { readonly kind: 'rejected'; readonly statementId: string | undefined; readonly httpStatus: number; readonly problems: readonly string[] }
  /** Never confirmed either way: retries or the completion deadline ran out. */
  | { readonly kind: 'unconfirmed'; readonly statementId: string | undefined; readonly reason: string };

export type StatementProcessingStatus = 'accepted' | 'processing' | 'completed' | 'rejected';

export interface StatementPosterOptions {
  readonly api: ProviderApiClient;
  readonly timing: ConnectorTiming;
  readonly faults: FaultSet;
  readonly log: Logger;
}

const DUPLICATE = /\bR2\b|unique-transaction-ids|duplicate|uniqueId|unique-id|sent before/i;
const IN_FLIGHT = /\bR7\b|one-statement-in-flight|in[ -]flight/i;

/**
 * Every problem names the unique-id rule (R2; the kit simulator's rule id unique-transaction-ids, or the words):
 * the refusal of a resubmission whose earlier copy landed. Any other problem means it was refused for cause.
 */
export function isDuplicateRejection(body: unknown): boolean {
  const entries = problemEntries(body);
  return entries.length > 0 && entries.every((entry) => DUPLICATE.test(`${entry.code} ${entry.rule} ${entry.message}`));
}

/** Problems that name the one-statement-in-flight rule (R7). */
export function isInFlightRejection(body: unknown): boolean {
  return problemEntries(body).some((entry) => IN_FLIGHT.test(`${entry.code} ${entry.rule} ${entry.message}`));
}

function problemEntries(body: unknown): { code: string; rule: string; message: string }[] {
  const record = body as { errors?: unknown; data?: { reasons?: unknown } } | undefined;
  const list = Array.isArray(record?.errors) ? record.errors : Array.isArray(record?.data?.reasons) ? record.data.reasons : [];
  return list.map((item) => {
    const entry = (item ?? {}) as { code?: unknown; rule?: unknown; message?: unknown };
    const text = (value: unknown): string => (typeof value === 'string' ? value : '');
    return { code: text(entry.code), rule: text(entry.rule), message: text(entry.message) };
  });
}

/**
 * Delivers one statement: POST /v1/statements, then polls GET /v1/statements/{_id} until completed or rejected
 * before returning, so the caller never has two in flight for one account (R7) [P-STMT] [F-POST]. A 500, a
 * dropped connection or a timeout leaves delivery uncertain: the same statement — same uniqueIds — is submitted
 * again, which is explicitly safe (R3) [APPLY] [SETUP] [GS]; if Banking Service then refuses it as a duplicate of
 * the attempt that did land, it was delivered.
 */
export class StatementPoster {
  readonly #options: StatementPosterOptions;

  constructor(options: StatementPosterOptions) {
    this.#options = options;
  }

  async submit(statement: StatementRequest, options: { readonly signal?: AbortSignal; readonly waitForCompletion?: boolean } = {}): Promise<StatementOutcome> {
    const { api, timing, faults, log } = this.#options;
    const { signal } = options;
    const bankAccountId = statement.data.accountDetails[0]?.bankAccountId;
    const deadlineMs = Date.now() + timing.statementCompletionTimeoutMs;
    let uncertain = false;
    for (let attempt = 0; ; attempt += 1) {
      signal?.throwIfAborted();
      const retryOrGiveUp = async (reason: string): Promise<StatementOutcome | undefined> => {
        if (attempt >= timing.maxRetries || Date.now() >= deadlineMs) return { kind: 'unconfirmed', statementId: undefined, reason };
        const waitMs = backoffMs(attempt, timing.initialBackoffMs, timing.maxBackoffMs);
        log.warn('statement delivery uncertain, resubmitting the same statement', { bankAccountId, attempt: attempt + 1, waitMs, reason });
        await delay(waitMs, signal);
        return undefined;
      };
      let body = statement;
      if (attempt > 0 && faults.has('new-ids-on-resubmit')) body = withFreshUniqueIds(statement, attempt);
      let response;
      try {
        response = await api.request('POST', '/v1/statements', body, { signal });
      } catch (error) {
        if (!(error instanceof ProviderApiTransportError) || signal?.aborted) throw error;
        uncertain = true;
        const gaveUp = await retryOrGiveUp(error.reason);
        if (gaveUp) return gaveUp;
        continue;
      }
      if (response.status >= 500) {
        uncertain = true;
        const gaveUp = await retryOrGiveUp(`HTTP ${response.status}`);
        if (gaveUp) return gaveUp;
        continue;
      }
      if (response.status >= 200 && response.status < 300) {
        const statementId = (response.body as { data?: { _id?: unknown } } | undefined)?.data?._id;
        if (typeof statementId !== 'string' || statementId === '') {
          return { kind: 'unconfirmed', statementId: undefined, reason: `HTTP ${response.status} without data._id` };
        }
        if (options.waitForCompletion === false) return { kind: 'submitted', statementId };
        const state = await this.#awaitCompletion(statementId, deadlineMs, signal);
        if (state === undefined) return { kind: 'unconfirmed', statementId, reason: 'not completed before the deadline' };
        if (state.status === 'completed') return { kind: 'completed', statementId };
        if (uncertain && isDuplicateRejection(state.body)) return { kind: 'delivered-earlier', statementId, problems: describeProblems(state.body) };
        return { kind: 'rejected', statementId, httpStatus: response.status, problems: describeProblems(state.body) };
      }
      if (response.status === 429) {
        // The client already backed off as far as it may; nothing was created, so nothing is uncertain.
        return { kind: 'unconfirmed', statementId: undefined, reason: 'still throttled (HTTP 429) after backing off' };
      }
      if (response.status === 409 && isInFlightRejection(response.body) && !isDuplicateRejection(response.body)) {
        // An earlier attempt of ours is still processing: wait for it rather than give up.
        const gaveUp = await retryOrGiveUp('an earlier statement for this account is still in flight');
        if (gaveUp) return gaveUp;
        continue;
      }
      if (uncertain && isDuplicateRejection(response.body)) return { kind: 'delivered-earlier', statementId: undefined, problems: describeProblems(response.body) };
      return { kind: 'rejected', statementId: undefined, httpStatus: response.status, problems: describeProblems(response.body) };
    }
  }

  /** Polls with a doubling interval until completed/rejected or the deadline; undefined on the deadline. */
  async #awaitCompletion(statementId: string, deadlineMs: number, signal?: AbortSignal): Promise<{ status: StatementProcessingStatus; body: unknown } | undefined> {
    const { api, timing, log } = this.#options;
    let intervalMs = timing.initialPollIntervalMs;
    while (Date.now() < deadlineMs) {
      await delay(Math.min(intervalMs, Math.max(0, deadlineMs - Date.now())), signal);
      intervalMs = Math.min(intervalMs * 2, timing.maxPollIntervalMs);
      let response;
      try {
        response = await api.request('GET', `/v1/statements/${encodeURIComponent(statementId)}`, undefined, { signal });
      } catch (error) {
        if (!(error instanceof ProviderApiTransportError) || signal?.aborted) throw error;
        continue;
      }
      const status = (response.body as { data?: { status?: unknown } } | undefined)?.data?.status;
      if (response.status === 200 && (status === 'completed' || status === 'rejected')) return { status, body: response.body };
      if (response.status !== 200) log.warn('statement status poll refused', { statementId, status: response.status });
    }
    return undefined;
  }
}
