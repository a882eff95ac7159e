import type { Policies } from '../../harness/policies/index.ts';
import type { ExchangeRecord } from '../../harness/traffic/index.ts';
import { readAttempts, type AuthAttemptNote } from '../flows/auth-attempt-notes.ts';
import { PROBE_ANNOTATION, PROBE_RESOURCE_ANNOTATION } from '../flows/probe-names.ts';
import type { Flow } from '../requirements/index.ts';
import type { Evidence } from './evidence.ts';
import { candidateCalls, stepsOf } from './evidence-queries.ts';

/** The exchanges the kit crafted as probe `name` (annotation `probe`), in the order they were captured. */
export const probesNamed = (evidence: Evidence, names: readonly string[]): ExchangeRecord[] =>
  evidence.traffic.filter((record) => names.includes(record.annotations[PROBE_ANNOTATION] ?? ''));

export const probeName = (record: ExchangeRecord): string => record.annotations[PROBE_ANNOTATION] ?? '';
export const probeResource = (record: ExchangeRecord): string => record.annotations[PROBE_RESOURCE_ANNOTATION] ?? '';

/** policy notification-rejection-status (Q5): the statuses that refuse a notification. */
export function refuses(status: number | undefined, policies: Policies): boolean {
  if (status === undefined) return false;
  return policies['notification-rejection-status'] === '400-401-403' ? status === 400 || status === 401 || status === 403 : status >= 400 && status <= 499;
}


/** "answered 403" or "got no answer (connection dropped …)". */
export function answerOf(record: ExchangeRecord): string {
  return record.response ? `answered ${record.response.status}` : `got no answer (${record.failure ?? 'no response'})`;
}

/** The attempts a step of `flow` noted (auth-attempt-notes.ts), with the step's traffic range. */
export function attemptsOf(evidence: Evidence, flow: Flow, step: string): { readonly attempts: AuthAttemptNote[]; readonly afterExchange: number } | undefined {
  const record = stepsOf(evidence, flow, step).filter((candidate) => candidate.status !== 'skipped').at(-1);
  return record ? { attempts: readAttempts(record.data), afterExchange: record.afterExchange } : undefined;
}

/** The candidate's PATCH /v1/authorisations/{id} calls for one authorisation id. */
export function patchesFor(evidence: Evidence, authorisationId: string): ExchangeRecord[] {
  return candidateCalls(evidence, 'patchAuthorisation').filter((record) => {
    const path = new URL(record.request.url).pathname;
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) === authorisationId;
  });
}

/** The browser's first hop to /auth or /authrefresh with this authorisation_id. */
export function entryHopsFor(evidence: Evidence, authorisationId: string): ExchangeRecord[] {
  return evidence.traffic.filter(
    (record) => record.from === 'browser' && (record.operationId === 'getAuth' || record.operationId === 'getAuthRefresh') && new URL(record.request.url).searchParams.get('authorisation_id') === authorisationId,
  );
}

/**
 * Whether the connector processed an authorisation id it should have refused [SEC]: it PATCHed it, or it let the
 * user sign in and sent them back to redirect_uri as after a success. An error page, a 4xx, or a redirect back
 * with an error are all refusals (connector-api.yaml, AuthorisationRefused: "the kit decides from the absence of
 * a PATCH and a redirect, not from the status alone").
 */
export function processed(evidence: Evidence, attempt: AuthAttemptNote, patchedAfterExchange = 0): { readonly how: string; readonly exchanges: string[] } | undefined {
  const entry = entryHopsFor(evidence, attempt.authorisationId).filter((record) => record.seq > patchedAfterExchange);
  const patches = patchesFor(evidence, attempt.authorisationId).filter((record) => record.seq > patchedAfterExchange);
  const page = attempt.operationId === 'getAuth' ? '/auth' : '/authrefresh';
  const first = patches[0];
  if (first) return { how: `the connector sent PATCH /v1/authorisations/${attempt.authorisationId} (${first.id})`, exchanges: [...entry, ...patches].map((record) => record.id) };
  if (attempt.credentialsSubmitted && attempt.returnedWithoutError) {
    return { how: `${page} showed its sign-in, accepted the test user's credentials and sent the browser back to redirect_uri as after a success`, exchanges: entry.map((record) => record.id) };
  }
  return undefined;
}

/** The bank account a POST /v1/statements names (accountDetails, else the first transaction). */
export function statementAccountId(record: ExchangeRecord): string | undefined {
  const data = (record.request.body as { data?: { accountDetails?: { bankAccountId?: unknown }[]; transactionDetails?: { bankAccountId?: unknown }[] } } | undefined)?.data;
  const id = data?.accountDetails?.[0]?.bankAccountId ?? data?.transactionDetails?.[0]?.bankAccountId;
  return typeof id === 'string' ? id : undefined;
}

/** The uniqueIds of a POST /v1/statements, in order. */
export function statementUniqueIds(record: ExchangeRecord): string[] {
  const details = (record.request.body as { data?: { transactionDetails?: { uniqueId?: unknown }[] } } | undefined)?.data?.transactionDetails ?? [];
  return details.map((detail) => (typeof detail.uniqueId === 'string' ? detail.uniqueId : JSON.stringify(detail.uniqueId)));
}

/** The candidate's statements for one bank account, by the time they were sent. */
export function statementsFor(evidence: Evidence, bankAccountId: string): ExchangeRecord[] {
  return byStart(candidateCalls(evidence, 'postStatement').filter((record) => statementAccountId(record) === bankAccountId));
}

/** The statements Banking Service stored: POSTs answered with an id whose processing completed. */
export function storedStatements(evidence: Evidence, records: readonly ExchangeRecord[]): ExchangeRecord[] {
  const completed = new Set(evidence.events.flatMap((event) => (event.type === 'statement.completed' ? [event.statementId] : [])));
  return records.filter((record) => {
    const id = (record.response?.body as { data?: { _id?: unknown } } | undefined)?.data?._id;
    return typeof id === 'string' && completed.has(id);
  });
}

export const startMs = (record: ExchangeRecord): number => Date.parse(record.startedAt);
export const endMs = (record: ExchangeRecord): number => Date.parse(record.startedAt) + record.durationMs;
export const byStart = (records: readonly ExchangeRecord[]): ExchangeRecord[] => [...records].sort((a, b) => startMs(a) - startMs(b) || a.seq - b.seq);

/** `code` of the first `errors[]` entry of a response (KC-06), if any. */
export function errorCode(record: ExchangeRecord): string | undefined {
  const errors = (record.response?.body as { errors?: { code?: unknown }[] } | undefined)?.errors;
  const code = Array.isArray(errors) ? errors[0]?.code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** A short list of ids for a sentence: `x-000001, x-000002 and 3 more`. */
export function listIds(records: readonly { readonly id: string }[], max = 4): string {
  const shown = records.slice(0, max).map((record) => record.id);
  return records.length > max ? `${shown.join(', ')} and ${records.length - max} more` : shown.join(', ');
}
