import type { SimulatorEvent } from '../../harness/banking-service/events/simulator-event.ts';
import type { Policies } from '../../harness/policies/index.ts';
import type { ExchangeRecord } from '../../harness/traffic/index.ts';
import type { FlowStepRecord } from '../flows/flow-step.ts';
import { beyondAuthDriver } from './auth-driver-limits.ts';
import { fail, inconclusive, pass, type Check, type CheckOutcome } from './check.ts';
import type { Evidence } from './evidence.ts';
import { candidateCalls, callsToCandidate, eventsOf, exchangeEndMs, exchangesIn, postedTransactionsFor, requestBody, stepsOf } from './evidence-queries.ts';

// ---------------------------------------------------------------------------------------------------------------
// Reading onboarding sessions out of the evidence. Exported for the multi-account-linking and offboarding checks.
// ---------------------------------------------------------------------------------------------------------------

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);

/** Steps of the onboarding flow that run a session meant to succeed, in the order they ran. */
export const SUCCESS_SESSION_STEPS = ['onboard-multi-account-user', 'onboard-second-account', 'onboard-single-account-user', 'reconnect-same-account'] as const;

/** One account of a PATCH /v1/authorisations body [P-AUTHZ]. */
export interface PatchedAccount {
  readonly externalId: string | undefined;
  readonly bankIdentifier: string | undefined;
  readonly accountIdentifier: string | undefined;
}

export const pairOf = (account: { readonly bankIdentifier?: string | undefined; readonly accountIdentifier?: string | undefined }): string =>
  `${account.bankIdentifier ?? '?'}/${account.accountIdentifier ?? '?'}`;

/** The authorisation id in the path of a PATCH /v1/authorisations/{id}. */
export function patchedAuthorisationId(record: ExchangeRecord): string | undefined {
  const match = /\/v1\/authorisations\/([^/?#]+)/.exec(new URL(record.request.url).pathname);
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
}

/** data.bankAccounts of a PATCH body; undefined when it carries none (a re-authorisation). */
export function patchedAccounts(record: ExchangeRecord): PatchedAccount[] | undefined {
  const data = requestBody(record)?.['data'];
  const list = isObject(data) ? data['bankAccounts'] : undefined;
  if (!Array.isArray(list)) return undefined;
  return list.map((entry) => ({
    externalId: isObject(entry) ? text(entry['bankAccountExternalId']) : undefined,
    bankIdentifier: isObject(entry) ? text(entry['bankIdentifier']) : undefined,
    accountIdentifier: isObject(entry) ? text(entry['accountIdentifier']) : undefined,
  }));
}

export const isSuccessStatus = (record: ExchangeRecord | undefined): boolean => (record?.response?.status ?? 0) >= 200 && (record?.response?.status ?? 0) <= 299;

/** The candidate's PATCH /v1/authorisations exchanges, optionally for one authorisation id. */
export const patchesOf = (evidence: Evidence, authorisationId?: string): ExchangeRecord[] =>
  candidateCalls(evidence, 'patchAuthorisation').filter((record) => authorisationId === undefined || patchedAuthorisationId(record) === authorisationId);

/** "404 no-accounts: …" from a refused Banking Service answer. */
export function refusal(record: ExchangeRecord): string {
  const body = record.response?.body;
  const errors = isObject(body) && Array.isArray(body['errors']) ? body['errors'].filter(isObject) : [];
  const first = errors[0];
  const reason = first ? `: ${text(first['code']) ?? ''} ${text(first['message']) ?? ''}`.trimEnd() : '';
  return `${record.response?.status ?? record.failure ?? 'no answer'}${reason}`;
}

/** What one onboarding step left in the evidence. */
export interface Session {
  readonly step: FlowStepRecord;
  readonly authorisationId: string | undefined;
  readonly user: string | undefined;
  /** The browser's GET /auth for the session's authorisation_id. */
  readonly entry: ExchangeRecord | undefined;
  /** The entry and every later page of the same drive. */
  readonly hops: readonly ExchangeRecord[];
  /** The candidate answer that sent the browser to redirect_uri: the drive's last hop, when it got there. */
  readonly handback: ExchangeRecord | undefined;
  /** The browser's landing on Banking Service's redirect_uri page. */
  readonly landing: ExchangeRecord | undefined;
  readonly returned: Extract<SimulatorEvent, { type: 'authorisation.returned' }> | undefined;
  /** Every PATCH the candidate sent for the session's authorisation id, wherever in the run. */
  readonly patches: readonly ExchangeRecord[];
  readonly polls: readonly ExchangeRecord[];
  readonly created: ExchangeRecord | undefined;
  readonly reads: readonly ExchangeRecord[];
}

export function sessionOf(evidence: Evidence, step: FlowStepRecord): Session {
  const authorisationId = step.data['authorisationId'];
  const within = exchangesIn(evidence, step);
  const browserToCandidate = within.filter((record) => record.from === 'browser' && record.to === 'candidate');
  const entryIndex = browserToCandidate.findIndex((record) => record.annotations['authHopRole'] === 'entry' && new URL(record.request.url).searchParams.get('authorisation_id') === authorisationId);
  const entry = entryIndex >= 0 ? browserToCandidate[entryIndex] : undefined;
  const hops: ExchangeRecord[] = [];
  if (entry) {
    hops.push(entry);
    for (const record of browserToCandidate.slice(entryIndex + 1)) {
      if (record.annotations['authHopRole'] === 'entry') break;
      hops.push(record);
    }
  }
  const landing = within.find((record) => record.from === 'browser' && record.to === 'banking-service' && authorisationId !== undefined && record.request.url.includes(`/authorisations/${authorisationId}/`));
  return {
    step,
    authorisationId,
    user: step.data['user'],
    entry,
    hops,
    handback: landing ? hops.at(-1) : undefined,
    landing,
    returned: authorisationId === undefined ? undefined : eventsOf(evidence, 'authorisation.returned').find((event) => event.authorisationId === authorisationId),
    patches: authorisationId === undefined ? [] : patchesOf(evidence, authorisationId),
    polls: within.filter((record) => record.operationId === 'pollIndirectLinkAccount'),
    created: within.find((record) => record.operationId === 'createBankAccount'),
    reads: within.filter((record) => record.operationId === 'getBankAccount'),
  };
}

/** The sessions of the onboarding steps that were attempted (not skipped), in order. */
export function sessionsOf(evidence: Evidence, names: readonly string[] = SUCCESS_SESSION_STEPS): Session[] {
  return evidence.steps.filter((step) => step.flow === 'onboarding' && names.includes(step.step) && step.status !== 'skipped' && step.data['authorisationId'] !== undefined).map((step) => sessionOf(evidence, step));
}

const firstStep = (evidence: Evidence, name: string): FlowStepRecord | undefined => stepsOf(evidence, 'onboarding', name).find((step) => step.status !== 'skipped');

/** The last PATCH of the session Banking Service accepted, or else its last PATCH. */
const decisivePatch = (session: Session): ExchangeRecord | undefined => session.patches.find(isSuccessStatus) ?? session.patches.at(-1);

const responseObject = (record: ExchangeRecord | undefined): Record<string, unknown> | undefined => (isObject(record?.response?.body) ? (record.response.body as Record<string, unknown>) : undefined);

/** The 200 answer of the session's poll: `{account, success, accounts}` [CA-ONB] [KC-15]. */
const finalPoll = (session: Session): ExchangeRecord | undefined => session.polls.find((record) => record.response?.status === 200);

/** The status a consumer bank-account answer reports. */
const statusIn = (record: ExchangeRecord | undefined): string | undefined => text(responseObject(record)?.['status']);
const accountIdIn = (record: ExchangeRecord | undefined): string | undefined => text(responseObject(record)?.['bankAccountId']);

/**
 * Records start on whole milliseconds (ISO) and last a measured duration, so a record's end can fall up to a
 * millisecond before the instant it ended: two instants closer than this are not ordered by the records.
 */
const RECORDING_JITTER_MS = 1;

/**
 * Whether a product read of an account's status agrees with policy account-activation [F-POST] [TEST]: pending
 * until the candidate's first (transaction-carrying) statement completed, active from then on.
 */
export function activationProblem(evidence: Evidence, policies: Policies, read: ExchangeRecord, bankAccountId: string): string | undefined {
  const status = statusIn(read);
  const policy = policies['account-activation'];
  if (policy === 'on-creation') return status === 'active' ? undefined : `${read.id} reads status ${status} for bank account ${bankAccountId}, but policy account-activation = on-creation makes it active at once`;
  const completions = eventsOf(evidence, 'statement.completed').filter((event) => event.bankAccountId === bankAccountId && (policy === 'first-accepted-statement' || event.transactionsStored > 0));
  const startMs = Date.parse(read.startedAt);
  const endMs = exchangeEndMs(read);
  if (status === 'pending') {
    // Judged against the account's own activation, not the statement's completion: Banking Service marks the
    // statement completed and then activates the account, and a read arriving between the two rightly says
    // pending. A read that arrived after the activation must see active.
    const activation = eventsOf(evidence, 'account.status-changed').find((event) => event.bankAccountId === bankAccountId && event.to === 'active' && Date.parse(event.at) < startMs);
    return activation ? `${read.id} reads status pending for bank account ${bankAccountId} although it had become active (event ${activation.seq}, policy account-activation = ${policy})` : undefined;
  }
  if (status === 'active') {
    return completions.some((event) => Date.parse(event.at) <= endMs + RECORDING_JITTER_MS) ? undefined : `${read.id} reads status active for bank account ${bankAccountId} before any statement of it completed (policy account-activation = ${policy})`;
  }
  return `${read.id} reads status ${status ?? '(none)'} for bank account ${bankAccountId}; a newly onboarded account is pending or active (policy account-activation = ${policy})`;
}

/**
 * How the candidate handed the browser back, judged against redirect_uri and state of its GET /auth and the
 * policies redirect-state-format and auth-redirect-kind [C-AUTH] (Q7). Undefined when it is right.
 */
export function handbackProblem(session: Session, policies: Policies, what: string): string | undefined {
  const { entry } = session;
  if (!entry) return `${what}: the browser never reached the connector's /auth for authorisation ${session.authorisationId}`;
  if (!session.landing || !session.handback) {
    const last = session.hops.at(-1);
    return `${what}: the connector did not send the browser to redirect_uri; its last answer ${last?.id ?? entry.id} was ${last?.response?.status ?? last?.failure ?? 'missing'}`;
  }
  const redirectUri = new URL(entry.request.url).searchParams.get('redirect_uri') ?? '';
  if (!session.landing.request.url.startsWith(redirectUri.split(/[?#]/)[0] ?? redirectUri)) {
    return `${what}: ${session.handback.id} sent the browser to ${session.landing.request.url}, not to the redirect_uri of ${entry.id}`;
  }
  const returned = session.returned;
  if (!returned) return `${what}: Banking Service recorded no return for authorisation ${session.authorisationId} at ${session.landing.id}`;
  if (returned.state === 'missing') return `${what}: ${session.handback.id} sent the browser to redirect_uri without the state of ${entry.id} (landing ${session.landing.id})`;
  if (returned.state === 'wrong') return `${what}: ${session.handback.id} sent the browser to redirect_uri with a state other than the one of ${entry.id} (landing ${session.landing.id})`;
  if (!returned.accepted) return `${what}: ${session.handback.id} appended state ${returned.format === 'raw' ? 'raw, without state=' : 'in a form'} that policy redirect-state-format = ${policies['redirect-state-format']} does not allow (landing ${session.landing.id})`;
  const status = session.handback.response?.status ?? 0;
  if (status >= 300 && status < 400 && policies['auth-redirect-kind'] === 'html-or-script') {
    return `${what}: ${session.handback.id} handed the browser back with an HTTP ${status}, which policy auth-redirect-kind = html-or-script does not allow`;
  }
  return undefined;
}

const notRun = (evidence: Evidence, name: string, what: string): CheckOutcome => {
  const step = stepsOf(evidence, 'onboarding', name)[0];
  return inconclusive(step?.status === 'skipped' ? `${what} was not run: ${step.message}.` : `${what} left no evidence.`);
};

// ---------------------------------------------------------------------------------------------------------------
// The checks.
// ---------------------------------------------------------------------------------------------------------------

/** ONB-01 (T-ONB-1): the single-account user's onboarding, end to end. */
const singleAccountOnboarding: Check = (evidence, { policies }) => {
  const step = firstStep(evidence, 'onboard-single-account-user');
  if (!step) return beyondAuthDriver(evidence, 'choose-user') ?? notRun(evidence, 'onboard-single-account-user', 'The single-account onboarding');
  const session = sessionOf(evidence, step);
  const seen = [session.entry, ...session.patches, session.handback, session.landing, finalPoll(session), session.created].flatMap((record) => (record ? [record.id] : []));
  if (!session.entry) return inconclusive(`The browser never reached /auth for authorisation ${session.authorisationId}.`, seen);
  if ((session.entry.response?.status ?? 0) >= 400 || session.entry.failure) return fail(`GET /auth ${session.entry.id} for the announced authorisation_id ${session.authorisationId} answered ${session.entry.response?.status ?? session.entry.failure} instead of the sign-in page.`, seen);
  const patch = decisivePatch(session);
  if (!patch) return fail(`The connector never sent PATCH /v1/authorisations/${session.authorisationId} after the single-account user signed in (GET /auth ${session.entry.id}).`, seen);
  if (!isSuccessStatus(patch)) return fail(`Banking Service refused PATCH /v1/authorisations/${session.authorisationId} (${patch.id}) with ${refusal(patch)}.`, seen);
  const handback = handbackProblem(session, policies, 'After the single-account sign-in');
  if (handback) return fail(`${handback}.`, seen);
  const poll = finalPoll(session);
  if (!poll || responseObject(poll)?.['success'] !== true) return inconclusive(`The product's poll of authorisation ${session.authorisationId} never answered 200 with success true.`, seen);
  if (!session.created || session.created.response?.status !== 201) return inconclusive(`POST …/bankaccounts for the offered account did not answer 201${session.created ? ` (${session.created.id}: ${refusal(session.created)})` : ''}.`, seen);
  const expected = policies['account-activation'] === 'on-creation' ? 'active' : 'pending';
  if (statusIn(session.created) !== expected) return fail(`POST …/bankaccounts ${session.created.id} answered status ${statusIn(session.created)} instead of ${expected} (policy account-activation = ${policies['account-activation']}).`, seen);
  return pass(`The single-account user's session completed: GET /auth ${session.entry.id}, PATCH ${patch.id} with status success, the hand-back ${session.handback?.id} to redirect_uri with state, poll ${poll.id} success true, and account ${accountIdIn(session.created)} created ${expected} (${session.created.id}).`, seen);
};

/** ONB-02 (T-ONB-2): a second session of the same user adds a second account; both read as the policy says. */
const secondAccountOnboarding: Check = (evidence, { policies }) => {
  const step = firstStep(evidence, 'onboard-second-account');
  if (!step) return notRun(evidence, 'onboard-second-account', 'The second-account onboarding');
  const session = sessionOf(evidence, step);
  const patch = decisivePatch(session);
  const seen = [patch, session.created, ...session.reads].flatMap((record) => (record ? [record.id] : []));
  if (!patch) return fail(`The connector never PATCHed authorisation ${session.authorisationId} of the user's second onboarding session${session.entry ? ` (GET /auth ${session.entry.id})` : ''}: treat every authorisation notification as a new session.`, seen);
  if (!isSuccessStatus(patch)) return fail(`Banking Service refused the second session's PATCH ${patch.id} with ${refusal(patch)}.`, seen);
  const secondId = accountIdIn(session.created);
  const firstId = step.data['firstBankAccountId'];
  if (!session.created || session.created.response?.status !== 201 || !secondId) return fail(`The second session's PATCH ${patch.id} offered no account the product could add: POST …/bankaccounts ${session.created ? `${session.created.id} answered ${refusal(session.created)}` : 'was not possible'}.`, seen);
  if (!firstId || secondId === firstId) return inconclusive('The first account of the user is not known, so two accounts cannot be compared.', seen);
  const problems: string[] = [];
  for (const id of [firstId, secondId]) {
    const read = session.reads.find((record) => record.request.url.includes(`/bankaccounts/${id}`) && record.response?.status === 200);
    if (!read) return inconclusive(`The product did not read bank account ${id} after the second session.`, seen);
    const problem = activationProblem(evidence, policies, read, id);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) return fail(`${problems.join('; ')}.`, seen);
  return pass(`The second session (PATCH ${patch.id}) added bank account ${secondId} beside ${firstId}, and the reads ${session.reads.map((record) => record.id).join(', ')} report each status as policy account-activation = ${policies['account-activation']} expects.`, seen);
};

/** ONB-03 (T-ONB-3): the reconnected account gets every transaction from its new start date, resent ones included. */
const reconnectedTransactions: Check = (evidence) => {
  const step = firstStep(evidence, 'reconnect-same-account');
  if (!step) return notRun(evidence, 'reconnect-same-account', 'The disconnect-and-reconnect scenario');
  const newId = step.data['bankAccountId'];
  const oldId = step.data['previousBankAccountId'];
  const start = step.data['requestedStartDate'];
  if (!newId || !oldId || !start) return inconclusive('The reconnected bank account was not created.');
  const startMs = Date.parse(start);
  const before = (date: string | undefined): boolean => date === undefined || Number.isNaN(Date.parse(date)) || Date.parse(date) < startMs;
  const posted = postedTransactionsFor(evidence, newId);
  const early = posted.find((transaction) => before(transaction.datePosted));
  if (early) return fail(`POST /v1/statements ${early.exchange.id} for the reconnected bank account ${newId} carries transaction ${early.uniqueId} with datePosted ${early.datePosted}, before its requestedStartDate ${start}.`, [early.exchange.id]);
  const stalled = posted.find((transaction) => transaction.outcome === 'rejected' || transaction.outcome === 'refused');
  const reads = exchangesIn(evidence, step).filter((record) => record.operationId === 'listTransactions' && record.request.url.includes(`/bankaccounts/${newId}/`) && record.response?.status === 200);
  const seen = [...new Set([...posted.map((transaction) => transaction.exchange.id), ...reads.map((record) => record.id)])];
  const product = reads.flatMap((record) => {
    const list = responseObject(record)?.['bankTransactionList'];
    return isObject(list) && Array.isArray(list['transactions']) ? list['transactions'].filter(isObject).map((transaction) => ({ record, transaction })) : [];
  });
  const earlyRead = product.find(({ transaction }) => before(text(transaction['datePosted'])));
  if (earlyRead) return fail(`GET …/transactions ${earlyRead.record.id} of the reconnected account returns ${text(earlyRead.transaction['uniqueId'])} dated ${text(earlyRead.transaction['datePosted'])}, before the new requestedStartDate ${start}.`, seen);
  const sentBefore = postedTransactionsFor(evidence, oldId).filter((transaction) => transaction.outcome === 'completed' && !before(transaction.datePosted));
  if (sentBefore.length === 0) {
    if (stalled) return fail(`The reconnected bank account ${newId} got no transactions: Banking Service ${stalled.outcome} its statement ${stalled.exchange.id}.`, seen);
    return inconclusive(`The disconnected account ${oldId} had no transactions on or after the new requestedStartDate ${start}, so their re-sending could not be observed.`, seen);
  }
  if (reads.length === 0) return inconclusive(`The product did not read the reconnected account's transactions.`, seen);
  const have = new Set(product.map(({ transaction }) => text(transaction['uniqueId'])));
  const missing = sentBefore.filter((transaction) => !have.has(transaction.uniqueId));
  if (missing.length > 0) {
    const example = missing[0];
    return fail(
      `GET …/transactions (${reads.map((record) => record.id).join(', ')}) of the reconnected bank account ${newId} lacks ${missing.length} of the ${sentBefore.length} transactions dated on or after ${start} that were sent for the disconnected ${oldId}, e.g. uniqueId ${example?.uniqueId} (${example?.exchange.id})${stalled ? `; Banking Service ${stalled.outcome} statement ${stalled.exchange.id}` : ''}.`,
      [...seen, ...(example ? [example.exchange.id] : [])],
    );
  }
  return pass(`The reconnected bank account ${newId} (requestedStartDate ${start}) reads ${product.length} transactions, none earlier, including all ${sentBefore.length} sent before for the disconnected ${oldId} (${reads.map((record) => record.id).join(', ')}).`, seen);
};

/** Accounts of a user known anywhere in the run: their PATCHes and /availableaccounts before any account was added. */
function knownAccountsOf(evidence: Evidence, user: string): Map<string, string> {
  const known = new Map<string, string>();
  const externalIds = new Set<string>();
  for (const session of sessionsOf(evidence).filter((candidate) => candidate.user === user)) {
    for (const patch of session.patches) {
      for (const account of patchedAccounts(patch) ?? []) {
        if (account.externalId) externalIds.add(account.externalId);
        known.set(pairOf(account), `${account.externalId} (${patch.id})`);
      }
    }
  }
  const added = callsToCandidate(evidence).find((record) => record.annotations['hook'] === 'addAccount');
  for (const record of callsToCandidate(evidence, 'getAvailableAccounts')) {
    if (added && record.seq > added.seq) continue;
    if (!externalIds.has(new URL(record.request.url).searchParams.get('externalId') ?? '')) continue;
    const body = record.response?.body;
    for (const element of Array.isArray(body) ? body.filter(isObject) : []) {
      const pair = pairOf({ bankIdentifier: text(element['bankIdentifier']), accountIdentifier: text(element['accountIdentifier']) });
      if (!known.has(pair)) known.set(pair, `${text(element['externalId'])} (${record.id})`);
    }
  }
  return known;
}

/** ONB-04 and ONB-05: what the user's first session offered. */
function offeredAccounts(options: { step: string; user: string; exactlyOne: boolean }): Check {
  return (evidence) => {
    const step = firstStep(evidence, options.step);
    const what = options.exactlyOne ? 'The single-account onboarding' : 'The multi-account onboarding';
    if (!step) return (options.exactlyOne ? beyondAuthDriver(evidence, 'choose-user') : undefined) ?? notRun(evidence, options.step, what);
    const session = sessionOf(evidence, step);
    const patch = decisivePatch(session);
    if (!patch) return inconclusive(`The connector never PATCHed authorisation ${session.authorisationId}.`);
    const accounts = patchedAccounts(patch) ?? [];
    const poll = finalPoll(session);
    const seen = [patch.id, ...(poll ? [poll.id] : [])];
    const listed = accounts.map((account) => account.externalId ?? pairOf(account)).join(', ') || 'none';
    if (options.exactlyOne && accounts.length !== 1) return fail(`PATCH ${patch.id} for the single-account test user lists ${accounts.length} accounts in data.bankAccounts (${listed}); it must list that user's one account alone.`, seen);
    if (!options.exactlyOne && accounts.length < 2) return fail(`PATCH ${patch.id} for the multi-account test user lists ${accounts.length} account(s) in data.bankAccounts (${listed}); list every account the user can access.`, seen);
    const pairs = new Set(accounts.map(pairOf));
    const missing = [...knownAccountsOf(evidence, options.user)].filter(([pair]) => !pairs.has(pair));
    if (missing.length > 0) return fail(`PATCH ${patch.id} leaves out ${missing.map(([pair, where]) => `${pair} = ${where}`).join(', ')}, which the same user can access: list every account in data.bankAccounts.`, seen);
    if (!isSuccessStatus(patch)) return fail(`Banking Service refused PATCH ${patch.id} with ${refusal(patch)}, so nothing was offered.`, seen);
    const offered = responseObject(poll)?.['accounts'];
    if (!Array.isArray(offered)) return inconclusive(`The product's poll of authorisation ${session.authorisationId} did not answer with the offered accounts.`, seen);
    if (offered.length !== pairs.size) return fail(`Banking Service offered ${offered.length} account(s) in poll ${poll?.id} from the ${pairs.size} distinct accounts of PATCH ${patch.id}.`, seen);
    return pass(`PATCH ${patch.id} lists ${options.exactlyOne ? 'the user\'s one account' : `all ${accounts.length} accounts`} (${listed}) and Banking Service offered ${offered.length === 1 ? 'it' : 'all of them'} in poll ${poll?.id}.`, seen);
  };
}

/** ONB-06: later sessions list again the accounts onboarded in earlier ones. */
const previouslyOnboardedListed: Check = (evidence) => {
  const sessions = sessionsOf(evidence);
  const seen: string[] = [];
  let compared = 0;
  for (const user of new Set(sessions.map((session) => session.user))) {
    const own = sessions.filter((session) => session.user === user);
    const onboarded: { pair: string; externalId: string | undefined; created: ExchangeRecord }[] = [];
    for (const session of own) {
      const patch = session.patches.find(isSuccessStatus);
      if (patch && onboarded.length > 0) {
        compared += 1;
        seen.push(patch.id);
        const pairs = new Set((patchedAccounts(patch) ?? []).map(pairOf));
        const left = onboarded.find((account) => !pairs.has(account.pair));
        if (left) return fail(`PATCH ${patch.id} of a later session leaves out account ${left.pair} (${left.externalId}) onboarded before in ${left.created.id}: list every account the user can access, previously onboarded ones included.`, seen);
      }
      if (session.created?.response?.status === 201) {
        const body = requestBody(session.created);
        const pair = pairOf({ bankIdentifier: text(body?.['bankIdentifier']), accountIdentifier: text(body?.['accountIdentifier']) });
        const externalId = (patch ? patchedAccounts(patch) ?? [] : []).find((account) => pairOf(account) === pair)?.externalId;
        onboarded.push({ pair, externalId, created: session.created });
      }
    }
  }
  if (compared === 0) return inconclusive('No user completed a second onboarding session after an account of theirs was onboarded.');
  return pass(`Each of the ${compared} later onboarding PATCHes (${seen.join(', ')}) lists again every account onboarded in an earlier session of the same user.`, seen);
};

/** ONB-07: bankAccountExternalId unique per account and stable across sessions. */
const stableExternalIds: Check = (evidence) => {
  const patches = patchesOf(evidence).filter((record) => (patchedAccounts(record)?.length ?? 0) > 0);
  if (patches.length === 0) return inconclusive('No PATCH /v1/authorisations listed accounts.');
  const byPair = new Map<string, { externalId: string | undefined; record: ExchangeRecord }>();
  const byExternalId = new Map<string, { pair: string; record: ExchangeRecord }>();
  for (const record of patches) {
    const accounts = patchedAccounts(record) ?? [];
    const within = new Map<string, string>();
    for (const account of accounts) {
      const pair = pairOf(account);
      if (!account.externalId) return fail(`PATCH ${record.id} lists account ${pair} without a bankAccountExternalId.`, [record.id]);
      const twin = within.get(account.externalId);
      if (twin !== undefined && twin !== pair) return fail(`PATCH ${record.id} gives bankAccountExternalId ${account.externalId} to two accounts, ${twin} and ${pair}: each account needs its own.`, [record.id]);
      within.set(account.externalId, pair);
      const earlier = byPair.get(pair);
      if (earlier && earlier.externalId !== account.externalId) {
        return fail(`Account ${pair} has bankAccountExternalId ${earlier.externalId} in PATCH ${earlier.record.id} but ${account.externalId} in PATCH ${record.id}: keep it identical in every session.`, [earlier.record.id, record.id]);
      }
      const owner = byExternalId.get(account.externalId);
      if (owner && owner.pair !== pair) return fail(`bankAccountExternalId ${account.externalId} names account ${owner.pair} in PATCH ${owner.record.id} but ${pair} in PATCH ${record.id}.`, [owner.record.id, record.id]);
      byPair.set(pair, { externalId: account.externalId, record });
      byExternalId.set(account.externalId, { pair, record });
    }
  }
  return pass(`Across ${patches.length} PATCH /v1/authorisations bodies (${patches.map((record) => record.id).join(', ')}) each of ${byPair.size} accounts kept one bankAccountExternalId of its own.`, patches.map((record) => record.id));
};

/** ONB-08: the PATCH was answered before the browser was handed back. */
const patchBeforeHandback: Check = (evidence) => {
  const seen: string[] = [];
  let judged = 0;
  for (const session of sessionsOf(evidence)) {
    if (!session.handback) continue;
    const patch = session.patches[0];
    if (!patch) return fail(`${session.handback.id} sent the browser back to redirect_uri, but the connector never sent PATCH /v1/authorisations/${session.authorisationId}.`, [session.handback.id]);
    seen.push(patch.id, session.handback.id);
    judged += 1;
    // Both ends are stamped by callbacks in the kit's one process, which a busy event loop can run in either order
    // within a millisecond: a PATCH that ends later than that did not finish before the hand-back.
    if (exchangeEndMs(patch) - exchangeEndMs(session.handback) > RECORDING_JITTER_MS) {
      return fail(`PATCH ${patch.id} for authorisation ${session.authorisationId} was answered ${Math.round(exchangeEndMs(patch) - exchangeEndMs(session.handback))} ms after ${session.handback.id} had already sent the browser to redirect_uri: PATCH first, then redirect.`, seen);
    }
  }
  if (judged === 0) return inconclusive('No successful onboarding session handed the browser back to redirect_uri.');
  return pass(`In all ${judged} onboarding sessions the PATCH was answered before the connector handed the browser back (${seen.join(', ')}).`, seen);
};

/** ONB-09: success hands back to redirect_uri with state. */
const successHandback: Check = (evidence, { policies }) => {
  const sessions = sessionsOf(evidence).filter((session) => session.entry && session.patches.some(isSuccessStatus));
  if (sessions.length === 0) return inconclusive('No onboarding session reached a successful PATCH.');
  const seen = sessions.flatMap((session) => [session.handback?.id, session.landing?.id]).flatMap((id) => (id ? [id] : []));
  for (const session of sessions) {
    const problem = handbackProblem(session, policies, `After the successful sign-in of ${session.step.step}`);
    if (problem) return fail(`${problem}.`, seen);
  }
  return pass(`All ${sessions.length} successful sign-ins ended with the connector sending the browser to redirect_uri with the session's state (${seen.join(', ')}).`, seen);
};

/** ONB-10: failure hands back too, without a successful PATCH. */
const failureHandback: Check = (evidence, { policies }) => {
  const step = firstStep(evidence, 'failed-login');
  if (!step) return beyondAuthDriver(evidence, 'fail-login') ?? notRun(evidence, 'failed-login', 'The failed-login scenario');
  const session = sessionOf(evidence, step);
  const seen = [...session.hops.map((record) => record.id), ...(session.landing ? [session.landing.id] : [])];
  const patched = session.patches.find((record) => {
    const data = requestBody(record)?.['data'];
    return isObject(data) && data['status'] === 'success';
  });
  if (patched) return fail(`After a sign-in with a wrong password the connector still sent PATCH ${patched.id} with data.status success for authorisation ${session.authorisationId}.`, [...seen, patched.id]);
  const problem = handbackProblem(session, policies, 'After a sign-in with a wrong password');
  if (problem) return fail(`${problem}.`, seen);
  return pass(`After a sign-in with a wrong password ${session.handback?.id} sent the browser to redirect_uri with the session's state (${session.landing?.id}) and nothing was PATCHed for authorisation ${session.authorisationId}.`, seen);
};

/** ONB-11, ONB-13, OFF-01: the candidate acknowledged Banking Service's genuine notifications of one kind. */
export function notificationsAcknowledged(options: { notificationType: 'resourceCreated' | 'resourceDeleted'; resourceType: 'authorisation' | 'bankAccount'; what: string }): Check {
  return (evidence, { policies }) => {
    const genuine = new Set(
      options.resourceType === 'authorisation'
        ? eventsOf(evidence, 'authorisation.created').map((event) => event.authorisationId)
        : options.notificationType === 'resourceCreated'
          ? eventsOf(evidence, 'account.created').map((event) => event.bankAccountId)
          : eventsOf(evidence, 'account.deleted').map((event) => event.bankAccountId),
    );
    const sent = eventsOf(evidence, 'notification.sent').filter(
      (event) => event.notificationType === options.notificationType && event.resourceType === options.resourceType && genuine.has(event.resourceId),
    );
    if (sent.length === 0) return inconclusive(`Banking Service sent no ${options.what} notification.`);
    const exchanges = sent.flatMap((event) => (event.outcome.exchangeId ? [event.outcome.exchangeId] : []));
    const events = sent.map((event) => event.seq);
    const refused = sent.find((event) => !event.outcome.acknowledged);
    if (refused) {
      const { status, failure } = refused.outcome;
      // A status line followed by a body that never completed is not an answer either: say both.
      const answer = status === undefined ? `no answer (${failure})` : failure === undefined ? `${status}` : `${status}, then no complete body (${failure})`;
      return fail(`The connector answered the ${options.what} notification ${refused.outcome.exchangeId ?? ''} for ${refused.resourceId} with ${answer}, which policy notification-success-status = ${policies['notification-success-status']} does not count as acknowledged.`, exchanges, events);
    }
    return pass(`The connector acknowledged all ${sent.length} ${options.what} notifications (${exchanges.join(', ')}) with a status policy notification-success-status = ${policies['notification-success-status']} accepts.`, exchanges, events);
  };
}

/** ONB-12: every PATCH under an authorisation_id the browser brought to /auth or /authrefresh. */
const patchUnderSessionId: Check = (evidence) => {
  const patches = patchesOf(evidence);
  if (patches.length === 0) return inconclusive('The connector sent no PATCH /v1/authorisations.');
  const walked = new Set(
    evidence.traffic
      .filter((record) => record.from === 'browser' && record.to === 'candidate' && (record.operationId === 'getAuth' || record.operationId === 'getAuthRefresh'))
      .flatMap((record) => new URL(record.request.url).searchParams.get('authorisation_id') ?? []),
  );
  const foreign = patches.find((record) => !walked.has(patchedAuthorisationId(record) ?? ''));
  if (foreign) return fail(`PATCH ${foreign.id} names authorisation ${patchedAuthorisationId(foreign)} in its path, which no GET /auth or /authrefresh carried as authorisation_id: use that id verbatim.`, [foreign.id]);
  return pass(`All ${patches.length} PATCH /v1/authorisations (${patches.map((record) => record.id).join(', ')}) carry the authorisation_id of a GET /auth or /authrefresh in their path.`, patches.map((record) => record.id));
};

/** Whether a CSP frame-ancestors directive lets `origin` frame the page. */
function frameAncestorsAllow(csp: string, origin: string): boolean {
  const directive = csp.split(',').flatMap((policy) => policy.split(';')).map((part) => part.trim().split(/\s+/)).find((parts) => parts[0]?.toLowerCase() === 'frame-ancestors');
  if (!directive) return true;
  const url = new URL(origin);
  return directive.slice(1).some((source) => {
    const value = source.replace(/^'|'$/g, '').toLowerCase();
    if (value === '*' || value === url.protocol) return true;
    if (value === 'none' || value === 'self') return false;
    try {
      const allowed = new URL(value.includes('://') ? value : `${url.protocol}//${value}`);
      const hostOk = allowed.hostname === url.hostname || (allowed.hostname.startsWith('*.') && url.hostname.endsWith(allowed.hostname.slice(1)));
      return hostOk && (allowed.port === '' || allowed.port === '*' || allowed.port === url.port);
    } catch {
      return false;
    }
  });
}

/** ONB-14: /auth and /authrefresh pages can be framed by Banking Service. */
const framable: Check = (evidence) => {
  const pages = evidence.traffic.filter((record) => record.from === 'browser' && record.to === 'candidate' && record.annotations['authDriver'] !== undefined && (record.response?.status ?? 0) >= 200 && (record.response?.status ?? 0) < 300);
  if (pages.length === 0) return inconclusive('The browser saw no /auth or /authrefresh page.');
  for (const page of pages) {
    const entry = [...evidence.traffic].reverse().find((record) => record.seq <= page.seq && record.from === 'browser' && record.annotations['authHopRole'] === 'entry');
    const redirectUri = entry ? new URL(entry.request.url).searchParams.get('redirect_uri') : undefined;
    const origin = redirectUri ? new URL(redirectUri).origin : undefined;
    const xfo = page.response?.headers['x-frame-options']?.trim();
    if (xfo && !(origin && xfo.toUpperCase() === `ALLOW-FROM ${origin.toUpperCase()}`)) return fail(`${page.id} (${new URL(page.request.url).pathname}) answers with X-Frame-Options: ${xfo}, which stops Banking Service showing the page in an iframe.`, [page.id]);
    const csp = page.response?.headers['content-security-policy'];
    if (csp && origin && !frameAncestorsAllow(csp, origin)) return fail(`${page.id} (${new URL(page.request.url).pathname}) answers with a Content-Security-Policy frame-ancestors that does not allow Banking Service's origin ${origin}.`, [page.id]);
  }
  return pass(`None of the ${pages.length} auth pages (${pages.map((record) => record.id).join(', ')}) forbids framing by X-Frame-Options or CSP frame-ancestors.`, pages.map((record) => record.id));
};

/** Checks of the onboarding requirements, by requirement id. */
export const ONBOARDING_CHECKS: Readonly<Record<string, Check>> = Object.freeze({
  'ONB-01': singleAccountOnboarding,
  'ONB-02': secondAccountOnboarding,
  'ONB-03': reconnectedTransactions,
  'ONB-04': offeredAccounts({ step: 'onboard-multi-account-user', user: 'multiAccount', exactlyOne: false }),
  'ONB-05': offeredAccounts({ step: 'onboard-single-account-user', user: 'singleAccount', exactlyOne: true }),
  'ONB-06': previouslyOnboardedListed,
  'ONB-07': stableExternalIds,
  'ONB-08': patchBeforeHandback,
  'ONB-09': successHandback,
  'ONB-10': failureHandback,
  'ONB-11': notificationsAcknowledged({ notificationType: 'resourceCreated', resourceType: 'authorisation', what: 'authorisation resourceCreated' }),
  'ONB-12': patchUnderSessionId,
  'ONB-13': notificationsAcknowledged({ notificationType: 'resourceCreated', resourceType: 'bankAccount', what: 'bankAccount resourceCreated' }),
  'ONB-14': framable,
});
