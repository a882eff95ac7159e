import type { ExchangeRecord } from '../../harness/traffic/index.ts';
import { MAX_OUTLIVED_TOKEN_SECONDS, RESILIENCE_STEPS } from '../flows/probe-names.ts';
import { fail, inconclusive, notApplicable, pass, type Check } from './check.ts';
import { byStart, endMs, errorCode, listIds, startMs, statementAccountId, statementUniqueIds } from './connector-answers.ts';
import type { Evidence } from './evidence.ts';
import { ids, stepsOf } from './evidence-queries.ts';
import { postedStatements } from './statement-queries.ts';
import { apiKeyProblem, bearerFingerprint, canonicalJson, expiredTokenCall, grantHeldAt, outlivedGrant, providerApiCalls, requestKey, tokenGrants, tokenRequests } from './provider-calls.ts';

/** "About to expire" for RES-02: the requirement's 60 seconds. */
const RENEWAL_WINDOW_MS = 60_000;
/**
 * A back-off this much shorter than Retry-After still counts. The gap is measured from the 429's arrival (the
 * client cannot have read the answer earlier), but event-loop timers run from the loop's cached time, so a timer
 * set after a busy stretch fires early by that stretch. A client that does not back off retries within a pacing
 * interval, far below the remaining three quarters.
 */
const backOffToleranceMs = (waitMs: number): number => Math.min(250, waitMs / 4);
/** The default throttle [APPLY] [SETUP] (R19). */
const REQUESTS_PER_SECOND = 10;
/**
 * Requests are timed on arrival at the simulator, after a transit that varies from request to request and, on a
 * busy machine, after the simulator's own process was scheduled again; requests sent apart can be stamped close
 * together. A window this much shorter than a second keeps that from being counted against the connector; one
 * that does not pace itself still packs far more than ten requests into it.
 */
const ARRIVAL_JITTER_MS = 200;

const pathOf = (record: ExchangeRecord): string => `${record.request.method} ${new URL(record.request.url).pathname}`;
const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

const res01: Check = (evidence) => {
  const calls = providerApiCalls(evidence);
  if (calls.length === 0) return inconclusive('The candidate made no Provider API request.');
  for (const record of calls) {
    const problem = apiKeyProblem(record);
    if (problem) return fail(`${record.id} (${pathOf(record)}): ${problem}; send x-api-key with the PROVIDER_API_KEY value on every Provider API call.`, [record.id]);
  }
  return pass(`All ${calls.length} Provider API requests carried x-api-key with the run's PROVIDER_API_KEY.`, ids(calls));
};

const res02: Check = (evidence) => {
  const calls = providerApiCalls(evidence);
  const requests = tokenRequests(evidence);
  const grants = tokenGrants(evidence);
  if (calls.length === 0 || grants.length === 0) return inconclusive('The candidate obtained no Sage ID token or made no Provider API request.');
  const refusals = calls.filter((record) => record.response?.status === 401);
  for (const request of requests) {
    const held = grantHeldAt(grants, startMs(request));
    if (!held) continue;
    const left = held.expiresAtMs - startMs(request);
    const refused = refusals.some((record) => endMs(record) >= startMs(held.record) && startMs(record) <= startMs(request));
    if (left > RENEWAL_WINDOW_MS && !refused) {
      return fail(
        `${request.id}: the connector requested a new Sage ID token while the token from ${held.record.id} still had ${seconds(left)} left and had not been refused; cache the token and reuse it until it is within a minute of expiry or answered 401.`,
        [held.record.id, request.id],
      );
    }
  }
  const tokens = new Set(calls.map(bearerFingerprint).filter((fingerprint) => fingerprint !== undefined));
  return pass(
    `${requests.length} token request${requests.length === 1 ? '' : 's'} (${listIds(requests)}) for ${calls.length} Provider API calls made with ${tokens.size} token${tokens.size === 1 ? '' : 's'}: each new one came when the previous was within a minute of expiry or refused.`,
    [...ids(requests), ...ids(calls)],
  );
};

const res03: Check = (evidence) => {
  const calls = providerApiCalls(evidence);
  const grants = tokenGrants(evidence);
  if (calls.length === 0 || grants.length === 0) return inconclusive('The candidate obtained no Sage ID token or made no Provider API request.');
  const expired = expiredTokenCall(evidence);
  if (expired) {
    return fail(`${expired.id} (${pathOf(expired)}): the connector presented an expired Sage ID token (answered 401 token-expired); renew the cached token shortly before its expires_in elapses.`, [expired.id]);
  }
  const last = calls.at(-1) as ExchangeRecord;
  const outlived = outlivedGrant(evidence);
  if (!outlived) {
    const first = grants[0] as (typeof grants)[number];
    const why = `Sage ID tokens lived ${first.lifetimeSeconds} s in this run and the candidate's Provider API calls spanned ${seconds(startMs(last) - startMs(first.record))}, so no token came near its expiry`;
    // Tokens too long-lived to outlive are the run's choice, nobody's failure; short ones the flow should have outlived.
    if (first.lifetimeSeconds > MAX_OUTLIVED_TOKEN_SECONDS) {
      return notApplicable(`${why}: renewal before expiry is observed only in a run whose Sage ID issues tokens of ${MAX_OUTLIVED_TOKEN_SECONDS} s or less.`, ids(grants.map((grant) => grant.record)));
    }
    return inconclusive(`${why}, although the resilience flow should have kept it calling past the first expiry (step resilience/${RESILIENCE_STEPS.outliveToken}).`, ids(grants.map((grant) => grant.record)));
  }
  const renewals = grants.filter((grant) => startMs(grant.record) > startMs(outlived.record));
  return pass(
    `Sage ID tokens lived ${outlived.lifetimeSeconds} s and the candidate called the Provider API for ${seconds(startMs(last) - startMs(outlived.record))} after ${outlived.record.id}: it renewed them in time (${listIds(renewals.map((grant) => grant.record))}) and never presented an expired one.`,
    [outlived.record.id, ...ids(renewals.map((grant) => grant.record))],
  );
};

const res04: Check = (evidence) => {
  const calls = providerApiCalls(evidence);
  const faulted = calls.filter((record) => record.annotations['fault'] === 'unauthorized-401');
  if (faulted.length === 0) return inconclusive(`The fault injector's 401 on a still-valid token was never served (step resilience/${RESILIENCE_STEPS.refreshAfter401}).`);
  const looked: string[] = [];
  for (const refused of faulted) {
    const retry = calls.find((record) => startMs(record) >= endMs(refused) && requestKey(record) === requestKey(refused));
    if (!retry) return fail(`${refused.id}: after the 401 on ${pathOf(refused)} (a token the connector still believed valid) it never sent the request again; fetch a new token and retry once.`, [refused.id]);
    const token = tokenRequests(evidence).find((record) => startMs(record) >= startMs(refused) && startMs(record) <= startMs(retry));
    if (!token) return fail(`${retry.id} repeated the request refused with 401 in ${refused.id} without requesting a new Sage ID token first.`, [refused.id, retry.id]);
    if (bearerFingerprint(retry) === bearerFingerprint(refused)) {
      return fail(`${retry.id} repeated the request refused with 401 in ${refused.id} with the same token, although it requested a new one (${token.id}).`, [refused.id, token.id, retry.id]);
    }
    looked.push(refused.id, token.id, retry.id);
  }
  return pass(`After each injected 401 the connector obtained a new token and retried the refused request with it (${looked.join(' → ')}).`, looked);
};

/** The delay a 429 asked for: Retry-After in seconds (the simulator's form), else the injected fault's. */
function retryAfterMs(record: ExchangeRecord): number | undefined {
  const header = record.response?.headers['retry-after'];
  if (header !== undefined && /^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const annotated = record.annotations['fault.retryAfterSeconds'];
  return annotated === undefined ? undefined : Number(annotated) * 1000;
}

const res05: Check = (evidence) => {
  const calls = providerApiCalls(evidence);
  // The fault injector's 429s (the observable): a throttle of the simulator's own rate limiter comes with
  // concurrent calls the client had already started, and is RES-06's matter.
  const throttled = calls.filter((record) => record.annotations['fault'] === 'rate-limit-429' && retryAfterMs(record) !== undefined);
  if (throttled.length === 0) return inconclusive(`The fault injector's 429 with Retry-After was never served (step resilience/${RESILIENCE_STEPS.backOffAfter429}).`);
  const looked: string[] = [];
  for (const refusal of throttled) {
    const waitMs = retryAfterMs(refusal) as number;
    const next = calls.find((record) => record !== refusal && startMs(record) >= startMs(refusal));
    if (!next) return fail(`${refusal.id}: after the 429 on ${pathOf(refusal)} the connector made no further Provider API request, so it never retried the refused request.`, [refusal.id]);
    const gap = startMs(next) - startMs(refusal);
    if (gap < waitMs - backOffToleranceMs(waitMs)) {
      return fail(
        `${next.id} (${pathOf(next)}) came ${Math.max(0, Math.round(gap))} ms after the request answered 429 in ${refusal.id}, which asked for Retry-After ${waitMs / 1000} s; pause Provider API calls for the Retry-After delay.`,
        [refusal.id, next.id],
      );
    }
    const retry = calls.find((record) => startMs(record) >= endMs(refusal) && requestKey(record) === requestKey(refusal));
    if (!retry) return fail(`${refusal.id}: the connector waited after the 429 but never retried the refused ${pathOf(refusal)}.`, [refusal.id, next.id]);
    looked.push(refusal.id, retry.id);
  }
  return pass(`After each 429 the connector waited at least Retry-After before its next Provider API request and then retried the refused request (${looked.join(' → ')}).`, looked);
};

const res06: Check = (evidence) => {
  const calls = providerApiCalls(evidence);
  if (calls.length <= REQUESTS_PER_SECOND) return inconclusive(`The candidate made only ${calls.length} Provider API requests, too few to exceed ${REQUESTS_PER_SECOND} in a second (step resilience/${RESILIENCE_STEPS.burst}).`, ids(calls));
  let worst = { from: 0, count: 0 };
  for (let index = 0; index < calls.length; index += 1) {
    const windowEnd = startMs(calls[index] as ExchangeRecord) + 1000 - ARRIVAL_JITTER_MS;
    let count = 0;
    for (let other = index; other < calls.length && startMs(calls[other] as ExchangeRecord) < windowEnd; other += 1) count += 1;
    if (count > worst.count) worst = { from: index, count };
  }
  const window = calls.slice(worst.from, worst.from + worst.count);
  if (worst.count > REQUESTS_PER_SECOND) {
    return fail(
      `${worst.count} Provider API requests arrived within one second (${window[0]?.id} at ${window[0]?.startedAt} to ${window.at(-1)?.id}); keep to ${REQUESTS_PER_SECOND} requests per second with a client-side rate limiter.`,
      ids(window),
    );
  }
  return pass(`At most ${worst.count} of the candidate's ${calls.length} Provider API requests started in any one-second window (busiest from ${window[0]?.id}).`, ids(window));
};

/** The transactions the consumer listing holds for each bank account, from the kit's GET …/transactions pages. */
function listedUniqueIds(evidence: Evidence): Map<string, string[]> {
  const listed = new Map<string, string[]>();
  const step = stepsOf(evidence, 'resilience', RESILIENCE_STEPS.listTransactions).filter((candidate) => candidate.status === 'ok').at(-1);
  if (!step) return listed;
  for (const record of evidence.traffic) {
    if (record.seq <= step.afterExchange || record.seq > step.lastExchange || record.operationId !== 'listTransactions') continue;
    const body = record.response?.body as { bankAccount?: { bankAccountId?: unknown }; bankTransactionList?: { transactions?: { uniqueId?: unknown }[] } } | undefined;
    const account = body?.bankAccount?.bankAccountId;
    if (typeof account !== 'string') continue;
    const list = listed.get(account) ?? [];
    for (const transaction of body?.bankTransactionList?.transactions ?? []) list.push(String(transaction.uniqueId));
    listed.set(account, list);
  }
  return listed;
}

/** The first place two statements' transactionDetails differ, as a pointer and the two values. */
function firstDifference(before: ExchangeRecord, after: ExchangeRecord): string | undefined {
  const details = (record: ExchangeRecord) => ((record.request.body as { data?: { transactionDetails?: unknown[] } } | undefined)?.data?.transactionDetails ?? []) as Record<string, unknown>[];
  const a = details(before);
  const b = details(after);
  if (a.length !== b.length) return `transactionDetails has ${b.length} entries instead of ${a.length}`;
  for (let index = 0; index < a.length; index += 1) {
    const left = a[index] ?? {};
    const right = b[index] ?? {};
    if (canonicalJson(left) === canonicalJson(right)) continue;
    const field = [...new Set([...Object.keys(left), ...Object.keys(right)])].find((key) => canonicalJson(left[key]) !== canonicalJson(right[key])) ?? '';
    return `/data/transactionDetails/${index}/${field} is ${canonicalJson(right[field])} instead of ${canonicalJson(left[field])}`;
  }
  return undefined;
}

/** RES-07 and RES-08: the statement after each injected `kind` resubmitted unchanged, and held once. */
function resubmittedUnchanged(kind: 'server-error-500' | 'drop-connection', what: string): Check {
  return (evidence) => {
    const statements = byStart(evidence.traffic.filter((record) => record.from === 'candidate' && record.operationId === 'postStatement'));
    const faulted = statements.filter((record) => record.annotations['fault'] === kind);
    if (faulted.length === 0) return inconclusive(`The fault injector's ${what} on POST /v1/statements was never served.`);
    const listed = listedUniqueIds(evidence);
    // Refused with a 4xx or rejected while processing: Banking Service judged the content and holds none of it.
    const refusedIds = new Set(postedStatements(evidence).filter((statement) => statement.outcome === 'rejected' || (statement.httpStatus !== undefined && statement.httpStatus >= 400 && statement.httpStatus < 500)).map((statement) => statement.exchange.id));
    const looked: string[] = [];
    const refusedOnes: string[] = [];
    for (const uncertain of faulted) {
      const account = statementAccountId(uncertain);
      const again = statements.find((record) => startMs(record) >= endMs(uncertain) && statementAccountId(record) === account);
      if (!again) return fail(`${uncertain.id}: after the ${what} the connector never resubmitted the statement for bank account ${account}; delivery was uncertain, so send the same statement again.`, [uncertain.id]);
      const difference = firstDifference(uncertain, again);
      if (difference) {
        return fail(`${again.id} resubmitted the statement of ${uncertain.id} (answered with a ${what}) changed: ${difference}; resubmit the persisted payload, same transactions and uniqueIds.`, [uncertain.id, again.id]);
      }
      const held = listed.get(account ?? '');
      // An unchanged resubmission Banking Service refused for its content holds nothing, and cannot hold anything
      // twice: the content is the STMT and SPEC checks' to judge, not this one's.
      if (refusedIds.has(again.id) && !statementUniqueIds(uncertain).some((uniqueId) => held?.includes(uniqueId))) {
        looked.push(uncertain.id, again.id);
        refusedOnes.push(again.id);
        continue;
      }
      if (!held) return inconclusive(`The kit did not list the transactions of bank account ${account} after the resubmission (step resilience/${RESILIENCE_STEPS.listTransactions}).`, [uncertain.id, again.id]);
      const wrong = statementUniqueIds(uncertain).find((uniqueId) => held.filter((candidate) => candidate === uniqueId).length !== 1);
      if (wrong !== undefined) {
        const times = held.filter((candidate) => candidate === wrong).length;
        return fail(`Transaction ${wrong} of ${uncertain.id} (answered with a ${what}) is held ${times} times by Banking Service after the resubmission ${again.id}; it must arrive exactly once.`, [uncertain.id, again.id]);
      }
      looked.push(uncertain.id, again.id);
    }
    return pass(`After each ${what} the connector resubmitted the same statement, same transactions and uniqueIds (${looked.join(' → ')}), and Banking Service holds each transaction once${refusedOnes.length > 0 ? ` (it refused the content of ${refusedOnes.join(', ')}, which the statement checks judge)` : ''}.`, looked);
  };
}

/** Checks of the resilience requirements, by requirement id. */
export const RESILIENCE_CHECKS: Readonly<Record<string, Check>> = Object.freeze({
  'RES-01': res01,
  'RES-02': res02,
  'RES-03': res03,
  'RES-04': res04,
  'RES-05': res05,
  'RES-06': res06,
  'RES-07': resubmittedUnchanged('server-error-500', '500'),
  'RES-08': resubmittedUnchanged('drop-connection', 'dropped connection'),
});
