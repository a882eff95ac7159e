import { backoffMs, delay } from './backoff.ts';
import type { ConnectorConfig } from './config.ts';
import type { Logger } from './log.ts';
import { describeProblems, ProviderApiTransportError, type ProviderApiClient } from './provider-api-client.ts';
import { SageIdError } from './sage-id-client.ts';
import { BANK_DISPLAY_NAME } from './auth-templates.ts';

export type BankSyncStatus = 'pending' | 'done' | 'failed';

export interface BankSyncState {
  status: BankSyncStatus;
  /** The bank's Banking Service id (principalId) once registered; also the bankId statements carry [BRUNO]. */
  principalId: string | undefined;
}

/** The provider's own, stable aggregator id for this bank: Banking Service keeps it as externalRef [SYNC]. */
export const BANK_EXTERNAL_REF = 'reference-connector-test-bank';

export function bankSyncBody(config: ConnectorConfig): unknown {
  const base = config.connectorPublicUrl;
  return {
    // data as an object holding toCreate, the collection's form (policy banks-body-shape) [BRUNO].
    data: {
      toCreate: [
        {
          name: BANK_DISPLAY_NAME,
          countryCode: 'GB',
          ...(config.faults.has('bank-sync-missing-url') ? {} : { url: base }),
          externalRef: BANK_EXTERNAL_REF,
          // The auth pages send no X-Frame-Options and no frame-ancestors, so they can be framed [C-AUTH].
          supportiframe: !config.faults.has('iframe-flag-off'),
          callbackURLs: {
            notification: `${base}/notification`,
            availableAccounts: `${base}/availableaccounts`,
            auth: `${base}/auth`,
            reAuth: config.faults.has('foreign-callback-url') ? 'https://reauth.example.invalid/authrefresh' : `${base}/authrefresh`,
          },
        },
      ],
    },
  };
}

/** principalId of the created bank: data.created[0].principalId (kit simulator contract, §14 Q21). */
export function principalIdFrom(body: unknown): string | undefined {
  const created = (body as { data?: { created?: unknown } } | undefined)?.data?.created;
  const first = Array.isArray(created) ? (created[0] as { principalId?: unknown } | undefined) : undefined;
  return typeof first?.principalId === 'string' && first.principalId !== '' ? first.principalId : undefined;
}

/**
 * Bank sync at start-up: a Sage ID token, then POST /v1/banks with the callback URLs built from
 * CONNECTOR_PUBLIC_URL [SYNC] [BRUNO]. Banking Service may not be up yet, so an unreachable Sage ID or Provider
 * API, a 5xx or a persisting 429 is retried with back-off until the deadline; any other 4xx is final.
 */
export async function runBankSync(
  deps: { readonly config: ConnectorConfig; readonly api: ProviderApiClient; readonly log: Logger; readonly state: BankSyncState },
  signal: AbortSignal,
): Promise<void> {
  const { config, api, log, state } = deps;
  if (config.faults.has('no-bank-sync')) {
    state.status = 'done';
    return;
  }
  const deadlineMs = Date.now() + config.timing.bankSyncDeadlineMs;
  for (let attempt = 0; ; attempt += 1) {
    let reason: string;
    try {
      const response = await api.request('POST', '/v1/banks', bankSyncBody(config), { signal });
      if (response.status >= 200 && response.status < 300) {
        state.principalId = principalIdFrom(response.body);
        state.status = 'done';
        log.info('bank sync done: give the principalId and externalRef to the Sage enablement lead', { principalId: state.principalId, externalRef: BANK_EXTERNAL_REF });
        if (config.faults.has('call-undocumented-endpoint')) await api.request('GET', '/v1/providers/me', undefined, { signal }).catch(() => undefined);
        return;
      }
      reason = `HTTP ${response.status}`;
      if (response.status < 500 && response.status !== 429) {
        state.status = 'failed';
        log.error('bank sync refused', { status: response.status, problems: describeProblems(response.body) });
        return;
      }
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof SageIdError && !error.retryable) {
        state.status = 'failed';
        log.error('bank sync failed: Sage ID refused the credentials', { reason: error.message });
        return;
      }
      if (!(error instanceof ProviderApiTransportError) && !(error instanceof SageIdError)) throw error;
      reason = error.message;
    }
    if (Date.now() >= deadlineMs) {
      state.status = 'failed';
      log.error('bank sync gave up: Banking Service not reachable before the deadline', { reason });
      return;
    }
    const waitMs = backoffMs(attempt, 250, 5_000);
    log.warn('bank sync: Banking Service not ready, retrying', { attempt: attempt + 1, waitMs, reason });
    try {
      await delay(waitMs, signal);
    } catch {
      return;
    }
  }
}
