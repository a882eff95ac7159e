import { acknowledgesNotification } from '../../harness/policies/index.ts';
import type { AuthAttemptNote } from '../flows/auth-attempt-notes.ts';
import {
  AVAILABLE_ACCOUNTS_PROBES,
  FOLLOW_UP_PROBE,
  HEADER_PROBES,
  MALFORMED_PROBES,
  NOTE,
  REFUSED_BANK_ACCOUNT_PROBE,
  REPEAT_PROBE,
  SECURITY_STEPS,
  TOKEN_PROBES,
  UNKNOWN_TYPE_PROBES,
} from '../flows/probe-names.ts';
import { fail, inconclusive, pass, type Check, type CheckOutcome } from './check.ts';
import {
  answerOf,
  attemptsOf,
  byStart,
  entryHopsFor,
  listIds,
  patchesFor,
  probeName,
  probeResource,
  probesNamed,
  processed,
  refuses,
  startMs,
  statementUniqueIds,
  statementsFor,
  storedStatements,
} from './connector-answers.ts';
import type { Evidence } from './evidence.ts';
import { eventsOf, ids } from './evidence-queries.ts';
import { findLeak } from './secret-markers.ts';
import { providerApiCalls, tokenIdentityProblem } from './provider-calls.ts';

/** What each probe did, for sentences. */
const PROBE_WORDS: Readonly<Record<string, string>> = Object.freeze({
  'missing-provider-header': 'without the provider header (NOTIFICATION_HEADER_NAME)',
  'wrong-provider-header': 'with a wrong NOTIFICATION_HEADER_VALUE',
  'missing-token': 'without an Authorization header',
  'token-signed-by-another-key': 'with a token signed by a key outside the Sage ID JWKS',
  'expired-token': 'with a Sage ID token that expired an hour ago',
  'token-for-another-audience': 'with a Sage ID token for another audience than SAGE_ID_CLIENT_ID (KC-02)',
  'body-not-json': 'whose body is not JSON',
  'body-not-an-object': 'whose body is a JSON array',
  'type-missing': 'without type',
  'resource-missing': 'without resource',
  'type-not-a-string': 'whose type is a number',
  'resource-not-an-object': 'whose resource is a string',
  'resource-id-not-a-string': 'whose resource.id is a number',
  'resource-type-not-a-string': 'whose resource.type is a boolean',
  'type-resource-updated': 'of type resourceUpdated',
  'unknown-resource-type': 'with resource.type "statement"',
});
const words = (probe: string): string => PROBE_WORDS[probe] ?? probe;

/** SEC-01 and SEC-02: every notification of the probe set refused with a status policy notification-rejection-status accepts. */
function refusedAll(probes: readonly string[], what: string, fix: string): Check {
  return (evidence, { policies }) => {
    const records = probesNamed(evidence, probes);
    if (records.length === 0) return inconclusive(`The kit sent no /notification ${what}.`);
    const accepted = records.find((record) => !refuses(record.response?.status, policies));
    if (accepted) {
      return fail(
        `${accepted.id}: the /notification the kit sent ${words(probeName(accepted))} ${answerOf(accepted)} instead of a refusal policy notification-rejection-status (${policies['notification-rejection-status']}) accepts; ${fix}.`,
        ids(records),
      );
    }
    return pass(`The connector refused all ${records.length} notifications ${what} (${records.map((record) => `${record.id} ${record.response?.status}`).join(', ')}).`, ids(records));
  };
}

const sec01 = refusedAll(HEADER_PROBES, 'without or with a wrong provider header', 'compare the NOTIFICATION_HEADER_NAME header with NOTIFICATION_HEADER_VALUE before reading the body');
const sec02 = refusedAll(TOKEN_PROBES, 'without a valid Sage ID token', 'verify the bearer token against the Sage ID JWKS, its exp and its aud before reading the body');

/** The outcome over a list of attempts: the first processed one fails, none processed passes. */
function judgeAttempts(evidence: Evidence, attempts: readonly AuthAttemptNote[], describe: (attempt: AuthAttemptNote) => string, patchedAfterExchange = 0): CheckOutcome | undefined {
  for (const attempt of attempts) {
    const found = processed(evidence, attempt, patchedAfterExchange);
    if (found) return fail(`${describe(attempt)} was processed: ${found.how}.`, found.exchanges);
  }
  return undefined;
}

const hopIds = (evidence: Evidence, attempts: readonly AuthAttemptNote[]): string[] => attempts.flatMap((attempt) => ids(entryHopsFor(evidence, attempt.authorisationId)));

const sec03: Check = (evidence, { policies }) => {
  const notifications = probesNamed(evidence, [...HEADER_PROBES, ...TOKEN_PROBES]).filter((record) => refuses(record.response?.status, policies));
  const noted = attemptsOf(evidence, 'security', SECURITY_STEPS.refusedEffects);
  if (notifications.length === 0) return inconclusive('The connector refused none of the kit\'s unauthenticated authorisation notifications (SEC-01, SEC-02), so no id announced only by a refused notification could be tried.');
  if (!noted || noted.attempts.length === 0) return inconclusive(`No /auth attempt with an id announced only by a refused notification was made (step ${SECURITY_STEPS.refusedEffects}).`, ids(notifications));
  const byId = new Map(notifications.map((record) => [probeResource(record), record]));
  const failed = judgeAttempts(evidence, noted.attempts, (attempt) => `/auth for authorisation_id ${attempt.authorisationId}, announced only by notification ${byId.get(attempt.authorisationId)?.id ?? '?'} which the connector refused,`);
  if (failed) return failed;

  const bankAccountProbe = probesNamed(evidence, [REFUSED_BANK_ACCOUNT_PROBE]).find((record) => refuses(record.response?.status, policies));
  const pushed = bankAccountProbe ? statementsFor(evidence, probeResource(bankAccountProbe)) : [];
  if (bankAccountProbe && pushed[0]) {
    return fail(
      `${pushed[0].id}: the connector posted a statement for bank account ${probeResource(bankAccountProbe)}, which only the bank-account-created notification ${bankAccountProbe.id} announced, and the connector had refused that notification (${bankAccountProbe.response?.status}).`,
      [bankAccountProbe.id, ...ids(pushed)],
    );
  }
  const exchanges = [...ids(notifications), ...hopIds(evidence, noted.attempts), ...(bankAccountProbe ? [bankAccountProbe.id] : [])];
  return pass(
    `None of the ${noted.attempts.length} authorisation ids announced only by refused notifications was served or PATCHed (${listIds(notifications)})${bankAccountProbe ? `, and the refused bank-account-created notification ${bankAccountProbe.id} started no statement` : ''}.`,
    exchanges,
  );
};

/** SEC-04, SEC-05, SEC-06: the attempts one step noted, none processed. */
function refusedAttempts(evidence: Evidence, step: string, describe: (attempt: AuthAttemptNote) => string, options: { readonly onlyAfterStep?: boolean; readonly missing: string }): CheckOutcome {
  const noted = attemptsOf(evidence, 'security', step);
  if (!noted || noted.attempts.length === 0) return inconclusive(options.missing);
  const failed = judgeAttempts(evidence, noted.attempts, describe, options.onlyAfterStep ? noted.afterExchange : 0);
  if (failed) return failed;
  const pages = noted.attempts.map((attempt) => `${pageOf(attempt)} ${attempt.outcome === 'refused' ? `refused with ${attempt.firstStatus}` : attempt.outcome}`);
  return pass(`The connector processed none of the ${noted.attempts.length} attempts (${pages.join(', ')}) and sent no PATCH for their ids.`, hopIds(evidence, noted.attempts));
}

const pageOf = (attempt: AuthAttemptNote): string => (attempt.operationId === 'getAuth' ? 'GET /auth' : 'GET /authrefresh');

const sec04: Check = (evidence) =>
  refusedAttempts(evidence, SECURITY_STEPS.unannounced, (attempt) => `${pageOf(attempt)} with authorisation_id ${attempt.authorisationId}, which no notification announced,`, {
    missing: 'The kit made no /auth or /authrefresh attempt with an unannounced authorisation_id.',
  });

const sec05: Check = (evidence) => {
  const noted = attemptsOf(evidence, 'security', SECURITY_STEPS.replayed);
  const missing = 'The kit replayed no completed /auth or /authrefresh.';
  if (!noted || noted.attempts.length === 0) return inconclusive(missing);
  const completedBefore = (attempt: AuthAttemptNote) =>
    patchesFor(evidence, attempt.authorisationId).some((record) => record.seq <= noted.afterExchange && record.response !== undefined && record.response.status >= 200 && record.response.status <= 299);
  const unfinished = noted.attempts.find((attempt) => !completedBefore(attempt));
  if (unfinished) return inconclusive(`The session ${unfinished.authorisationId} the kit replayed had not completed with a successful PATCH before the replay.`);
  return refusedAttempts(evidence, SECURITY_STEPS.replayed, (attempt) => `The replay of the completed ${pageOf(attempt)} for authorisation_id ${attempt.authorisationId}`, { onlyAfterStep: true, missing });
};

const sec06: Check = (evidence) => {
  const step = evidence.steps.filter((candidate) => candidate.flow === 'security' && candidate.step === SECURITY_STEPS.expired && candidate.status !== 'skipped').at(-1);
  const seconds = step?.data[NOTE.clockAdvancedSeconds] ?? '?';
  return refusedAttempts(
    evidence,
    SECURITY_STEPS.expired,
    (attempt) => `${pageOf(attempt)} with authorisation_id ${attempt.authorisationId}, sent after the connector's clock was moved ${seconds} s past its notification,`,
    { missing: 'The kit made no /auth or /authrefresh attempt with an authorisation_id older than 20 minutes.' },
  );
};

const sec07: Check = (evidence, { policies }) => {
  const malformed = probesNamed(evidence, MALFORMED_PROBES);
  if (malformed.length === 0) return inconclusive('The kit sent no malformed notification.');
  const wrong = malformed.find((record) => !refuses(record.response?.status, policies));
  if (wrong) {
    const status = wrong.response?.status;
    const why = status === undefined || status >= 500 ? 'a malformed notification must never cause a 5xx or a dropped connection' : 'it was not refused';
    return fail(
      `${wrong.id}: the authenticated /notification ${words(probeName(wrong))} ${answerOf(wrong)}; ${why}, answer 400 (policy notification-rejection-status, ${policies['notification-rejection-status']}).`,
      ids(malformed),
    );
  }
  const followUp = probesNamed(evidence, [FOLLOW_UP_PROBE])[0];
  if (!followUp) return inconclusive('The kit sent no well-formed notification after the malformed ones.', ids(malformed));
  if (!acknowledgesNotification(followUp.response?.status, policies)) {
    return fail(`${followUp.id}: the well-formed notification sent right after the malformed ones ${answerOf(followUp)}, so the connector did not keep serving (policy notification-success-status, ${policies['notification-success-status']}).`, [...ids(malformed), followUp.id]);
  }
  return pass(`The connector refused all ${malformed.length} malformed notifications (${malformed.map((record) => `${record.id} ${record.response?.status}`).join(', ')}) and acknowledged the next well-formed one (${followUp.id} ${followUp.response?.status}).`, [...ids(malformed), followUp.id]);
};

const sec08: Check = (evidence, { policies }) => {
  const repeat = probesNamed(evidence, [REPEAT_PROBE])[0];
  if (!repeat) return inconclusive('The kit delivered no notification twice.');
  const bankAccountId = probeResource(repeat);
  const original = eventsOf(evidence, 'notification.sent').find((event) => event.resourceId === bankAccountId && event.resourceType === 'bankAccount' && event.notificationType === 'resourceCreated');
  const originalRecord = evidence.traffic.find((record) => record.id === original?.outcome.exchangeId);
  if (!original || !originalRecord) return inconclusive(`The first delivery of the bank-account-created notification for ${bankAccountId} is not in the evidence.`, [repeat.id]);
  for (const delivery of [originalRecord, repeat]) {
    if (!acknowledgesNotification(delivery.response?.status, policies)) {
      return fail(`${delivery.id}: the ${delivery === repeat ? 'second' : 'first'} delivery of the bank-account-created notification for ${bankAccountId} ${answerOf(delivery)}, not an acknowledgement policy notification-success-status (${policies['notification-success-status']}) accepts.`, [originalRecord.id, repeat.id], [original.seq]);
    }
  }
  const statements = statementsFor(evidence, bankAccountId);
  // Only transactions Banking Service stored count as sent: resending refused ones is no second push.
  const before = storedStatements(evidence, statements.filter((record) => startMs(record) < startMs(repeat)));
  const after = statements.filter((record) => startMs(record) >= startMs(repeat));
  if (before.length === 0) return inconclusive(`The first delivery of the notification for ${bankAccountId} led to no stored statement, so a second push could not be told from the first.`, [originalRecord.id, repeat.id]);
  const sent = new Set(before.flatMap(statementUniqueIds));
  for (const record of byStart(after)) {
    const again = statementUniqueIds(record).find((uniqueId) => sent.has(uniqueId));
    if (again !== undefined) {
      return fail(
        `${record.id}: after the repeated delivery ${repeat.id} the connector posted uniqueId ${again}, which Banking Service already held, to bank account ${bankAccountId} again; a repeated notification must have the effect of one (no second first push).`,
        [originalRecord.id, repeat.id, ...ids(statements)],
      );
    }
  }
  return pass(
    `Both deliveries were acknowledged (${originalRecord.id} ${originalRecord.response?.status}, ${repeat.id} ${repeat.response?.status}) and the ${after.length} statement${after.length === 1 ? '' : 's'} for ${bankAccountId} after the repeat carried no transaction Banking Service had already stored.`,
    [originalRecord.id, repeat.id, ...ids(statements)],
  );
};

const sec09: Check = (evidence, { policies }) => {
  const records = probesNamed(evidence, UNKNOWN_TYPE_PROBES);
  if (records.length === 0) return inconclusive('The kit sent no notification of an unknown type.');
  const wrong = records.find((record) => !acknowledgesNotification(record.response?.status, policies) && !refuses(record.response?.status, policies));
  if (wrong) {
    return fail(`${wrong.id}: the authenticated /notification ${words(probeName(wrong))} ${answerOf(wrong)}; acknowledge it (notification-success-status) or refuse it (notification-rejection-status), never a 5xx or a dropped connection.`, ids(records));
  }
  return pass(`The connector answered both notifications of unknown kinds with a status the notification policies accept (${records.map((record) => `${record.id} ${record.response?.status}`).join(', ')}).`, ids(records));
};

const sec10: Check = (evidence) => {
  // Banking Service's calls and the browser's hops, the provider's own pages after /auth included (a login that
  // redirects with a token is as much a leak as a notification answer that echoes one); not the kit's hooks.
  const responses = evidence.traffic.filter((record) => record.to === 'candidate' && (record.from === 'banking-service' || record.from === 'browser') && record.response !== undefined);
  if (responses.length === 0) return inconclusive('The traffic log holds no connector response.');
  for (const record of responses) {
    const leak = findLeak(record);
    if (leak) return fail(`${record.id} (${record.request.method} ${new URL(record.request.url).pathname}): the response ${leak.where} contains ${leak.what}; never echo request headers, configuration or credentials.`, [record.id]);
  }
  return pass(`None of the ${responses.length} connector responses (headers, bodies, redirect URLs) contains a secret of the run or a bearer token.`, ids(responses));
};

const sec11: Check = (evidence) => {
  const calls = providerApiCalls(evidence);
  if (calls.length === 0) return inconclusive('The candidate made no Provider API request.');
  for (const record of calls) {
    const problem = tokenIdentityProblem(record);
    if (problem) return fail(`${record.id} (${record.request.method} ${new URL(record.request.url).pathname}): ${problem}.`, [record.id]);
  }
  return pass(`All ${calls.length} Provider API requests carried "Authorization: Bearer" with a token Sage ID issued to the provider's client for the Provider API audience.`, ids(calls));
};

const sec12: Check = (evidence, { policies }) => {
  const [control, withoutToken, withoutHeader] = [AVAILABLE_ACCOUNTS_PROBES.control, AVAILABLE_ACCOUNTS_PROBES.withoutToken, AVAILABLE_ACCOUNTS_PROBES.withoutHeader].map((name) => probesNamed(evidence, [name])[0]);
  if (!control || !withoutToken || !withoutHeader) return inconclusive('The kit did not call /availableaccounts without a token and without the provider header.');
  const exchanges = [control.id, withoutToken.id, withoutHeader.id];
  const status = (record: typeof control) => record.response?.status;
  const isOk = (value: number | undefined) => value !== undefined && value >= 200 && value <= 299;
  const isRefusal = (value: number | undefined) => value !== undefined && value >= 400 && value <= 499;
  if (!isOk(status(control))) return inconclusive(`The connector ${answerOf(control)} to the fully authenticated /availableaccounts call ${control.id}, so its answers without credentials say nothing about enforcement.`, exchanges);
  const required = policies['available-accounts-auth'] === 'required';
  const unenforced = [withoutToken, withoutHeader].filter((record) => !isRefusal(status(record)));
  if (required && unenforced[0]) {
    return fail(`${unenforced[0].id}: GET /availableaccounts ${unenforced[0] === withoutToken ? 'without a Sage ID token' : 'without the provider header'} ${answerOf(unenforced[0])}; policy available-accounts-auth is required, so refuse it with a 4xx.`, exchanges);
  }
  const report = `without a token: ${answerOf(withoutToken)} (${withoutToken.id}); without the provider header: ${answerOf(withoutHeader)} (${withoutHeader.id})`;
  if (required) return pass(`The connector enforces authentication on /availableaccounts as policy available-accounts-auth (required) demands: ${report}.`, exchanges);
  return pass(`Reported only, policy available-accounts-auth is ${policies['available-accounts-auth']}: the connector ${unenforced.length === 0 ? 'enforces' : unenforced.length === 2 ? 'does not enforce' : 'partly enforces'} authentication on /availableaccounts; ${report}.`, exchanges);
};

/** Checks of the security requirements, by requirement id. */
export const SECURITY_CHECKS: Readonly<Record<string, Check>> = Object.freeze({
  'SEC-01': sec01,
  'SEC-02': sec02,
  'SEC-03': sec03,
  'SEC-04': sec04,
  'SEC-05': sec05,
  'SEC-06': sec06,
  'SEC-07': sec07,
  'SEC-08': sec08,
  'SEC-09': sec09,
  'SEC-10': sec10,
  'SEC-11': sec11,
  'SEC-12': sec12,
});
