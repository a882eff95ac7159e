import type { ExchangeRecord } from '../../harness/traffic/index.ts';
import { fail, inconclusive, pass, type Check } from './check.ts';
import type { Evidence } from './evidence.ts';
import { callsToCandidate, eventsOf, exchangesIn, postedTransactionsFor, statementIdOf, statementPostsFor, stepsOf } from './evidence-queries.ts';
import { pairOf, patchedAccounts, patchesOf, refusal } from './onboarding.checks.ts';
import { PROBE_ANNOTATION } from '../flows/probe-names.ts';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);

interface Element {
  readonly externalId: string | undefined;
  readonly bankIdentifier: string | undefined;
  readonly accountIdentifier: string | undefined;
}

// Banking Service's own calls only: the security flow's crafted probes (annotated `probe`) test authentication, not the list.
const availableAccountsCalls = (evidence: Evidence): ExchangeRecord[] =>
  callsToCandidate(evidence, 'getAvailableAccounts').filter((record) => record.from === 'banking-service' && record.annotations[PROBE_ANNOTATION] === undefined);
const queriedExternalId = (record: ExchangeRecord): string => new URL(record.request.url).searchParams.get('externalId') ?? '';

/** The elements of an /availableaccounts answer, or undefined when it is not a JSON array [C-AVAIL]. */
function elementsOf(record: ExchangeRecord): Element[] | undefined {
  const body = record.response?.body;
  if (!Array.isArray(body)) return undefined;
  return body.map((element) => ({
    externalId: isObject(element) ? text(element['externalId']) : undefined,
    bankIdentifier: isObject(element) ? text(element['bankIdentifier']) : undefined,
    accountIdentifier: isObject(element) ? text(element['accountIdentifier']) : undefined,
  }));
}

const notRun = (evidence: Evidence, name: string, what: string) => {
  const step = stepsOf(evidence, 'multi-account-linking', name)[0];
  return inconclusive(step?.status === 'skipped' ? `${what} was not run: ${step.message}.` : `${what} left no evidence.`);
};

/** MAL-01: declared and served unless policy multi-account-linking is optional (D8). */
const supported: Check = (evidence, { policies }) => {
  const policy = policies['multi-account-linking'];
  const declared = evidence.facts.capabilities.includes('multi-account-linking');
  if (policy === 'optional') return pass(`Policy multi-account-linking = optional: the report shows the candidate ${declared ? 'declares' : 'does not declare'} the multi-account-linking capability.`);
  if (!declared) return fail('The config does not declare the multi-account-linking capability although policy multi-account-linking = required: serve GET /availableaccounts and declare it, or set the policy to optional.');
  const first = availableAccountsCalls(evidence)[0];
  if (!first) return inconclusive('Banking Service never called GET /availableaccounts.');
  if (first.response?.status !== 200) return fail(`The first GET /availableaccounts ${first.id} at the registered availableAccounts URL answered ${first.response?.status ?? first.failure} instead of 200.`, [first.id]);
  return pass(`The candidate declares multi-account-linking and its registered availableAccounts URL answered the first GET /availableaccounts ${first.id} with 200.`, [first.id]);
};

/** The accounts of the newest PATCH before `record` that listed the queried externalId. */
function authorisationAccountsFor(evidence: Evidence, record: ExchangeRecord): { patch: ExchangeRecord; accounts: NonNullable<ReturnType<typeof patchedAccounts>> } | undefined {
  const externalId = queriedExternalId(record);
  const patch = patchesOf(evidence).filter((candidate) => candidate.seq < record.seq && (patchedAccounts(candidate) ?? []).some((account) => account.externalId === externalId)).at(-1);
  return patch ? { patch, accounts: patchedAccounts(patch) ?? [] } : undefined;
}

/** Why an /availableaccounts answer holds no array: cut off (too large, never finished), not JSON, or another JSON value. */
function withoutArray(record: ExchangeRecord): string {
  if (record.response !== undefined && record.failure !== undefined) return `and a body the kit could not read whole (${record.failure}) `;
  if (record.response?.bodyText !== undefined) return 'with a body that is not JSON ';
  return 'without a JSON array ';
}

/** MAL-02: every account of the authorisation, connected ones included, whichever externalId is asked. */
const completeList: Check = (evidence) => {
  const calls = availableAccountsCalls(evidence);
  if (calls.length === 0) return inconclusive('Banking Service never called GET /availableaccounts.');
  const judged: string[] = [];
  for (const record of calls) {
    const authorisation = authorisationAccountsFor(evidence, record);
    if (!authorisation) continue;
    const elements = elementsOf(record);
    if (record.response?.status !== 200 || !elements) return fail(`GET /availableaccounts?externalId=${queriedExternalId(record)} ${record.id} answered ${record.response?.status ?? record.failure} ${elements ? '' : withoutArray(record)}instead of the accounts of the authorisation.`, [record.id]);
    const have = new Set(elements.map(pairOf));
    const missing = authorisation.accounts.filter((account) => !have.has(pairOf(account)));
    if (missing.length > 0) {
      return fail(`GET /availableaccounts?externalId=${queriedExternalId(record)} ${record.id} leaves out ${missing.map((account) => `${account.externalId} (${pairOf(account)})`).join(', ')} of the authorisation PATCHed in ${authorisation.patch.id}: return every account, connected ones included.`, [record.id, authorisation.patch.id]);
    }
    judged.push(record.id);
  }
  if (judged.length === 0) return inconclusive('No GET /availableaccounts asked for an externalId the connector had PATCHed.', calls.map((record) => record.id));
  const asked = [...new Set(calls.filter((record) => judged.includes(record.id)).map(queriedExternalId))];
  return pass(`Each GET /availableaccounts (${judged.join(', ')}, for externalId ${asked.join(' and ')}) returned every account of the authorisation, connected ones included.`, judged);
};

/** MAL-03: externalId, bankIdentifier and accountIdentifier as in the PATCH. */
const matchingIdentifiers: Check = (evidence) => {
  const calls = availableAccountsCalls(evidence).filter((record) => elementsOf(record) !== undefined);
  if (calls.length === 0) return inconclusive('No GET /availableaccounts answered with a JSON array.');
  const patches = patchesOf(evidence);
  for (const record of calls) {
    for (const element of elementsOf(record) ?? []) {
      for (const patch of patches.filter((candidate) => candidate.seq < record.seq)) {
        for (const account of patchedAccounts(patch) ?? []) {
          const samePair = pairOf(account) === pairOf(element);
          const sameExternalId = account.externalId === element.externalId;
          if (samePair && !sameExternalId) return fail(`GET /availableaccounts ${record.id} gives account ${pairOf(element)} externalId ${element.externalId}, but PATCH ${patch.id} sent bankAccountExternalId ${account.externalId} for it.`, [record.id, patch.id]);
          if (sameExternalId && !samePair) return fail(`GET /availableaccounts ${record.id} gives externalId ${element.externalId} bankIdentifier/accountIdentifier ${pairOf(element)}, but PATCH ${patch.id} sent ${pairOf(account)} for it.`, [record.id, patch.id]);
        }
      }
    }
  }
  return pass(`Every element of GET /availableaccounts (${calls.map((record) => record.id).join(', ')}) carries the externalId, bankIdentifier and accountIdentifier the connector PATCHed for that account.`, calls.map((record) => record.id));
};

/** MAL-04: the linked account's notification acknowledged and its first statement posted from its start date. */
const firstStatementOfLinked: Check = (evidence, { policies }) => {
  const step = stepsOf(evidence, 'multi-account-linking', 'link-candidate').find((candidate) => candidate.status !== 'skipped');
  if (!step) return notRun(evidence, 'link-candidate', 'Linking a candidate');
  const bankAccountId = step.data['bankAccountId'];
  const start = step.data['requestedStartDate'];
  if (!bankAccountId || !start) return inconclusive('The product could not link a candidate.', exchangesIn(evidence, step).filter((record) => record.operationId === 'linkAvailableBankAccount').map((record) => record.id));
  const notification = eventsOf(evidence, 'notification.sent').find((event) => event.resourceType === 'bankAccount' && event.notificationType === 'resourceCreated' && event.resourceId === bankAccountId);
  if (!notification) return inconclusive(`Banking Service sent no notification for the linked bank account ${bankAccountId}.`);
  const seen = notification.outcome.exchangeId ? [notification.outcome.exchangeId] : [];
  if (!notification.outcome.acknowledged) {
    return fail(`The connector answered the bankAccount notification ${notification.outcome.exchangeId ?? ''} for the linked account ${bankAccountId} with ${notification.outcome.status ?? notification.outcome.failure}, which policy notification-success-status = ${policies['notification-success-status']} does not count as acknowledged.`, seen, [notification.seq]);
  }
  // Throttled (429), unauthenticated (401) or failed (5xx, no answer) attempts were not judged; the first judged one counts.
  const first = statementPostsFor(evidence, bankAccountId).find((record) => ![0, 401, 429].includes(record.response?.status ?? 0) && (record.response?.status ?? 0) < 500);
  if (!first) return fail(`After acknowledging ${notification.outcome.exchangeId} the connector posted no statement for the linked bank account ${bankAccountId}.`, seen, [notification.seq]);
  const ofFirst = postedTransactionsFor(evidence, bankAccountId).filter((transaction) => transaction.exchange === first);
  const early = ofFirst.find((transaction) => transaction.datePosted === undefined || Date.parse(transaction.datePosted) < Date.parse(start));
  if (early) return fail(`The first statement ${first.id} for the linked bank account ${bankAccountId} carries ${early.uniqueId} dated ${early.datePosted}, before its requestedStartDate ${start}.`, [...seen, first.id]);
  const statementId = statementIdOf(first);
  const rejected = eventsOf(evidence, 'statement.rejected').find((event) => event.statementId === statementId);
  const completed = eventsOf(evidence, 'statement.completed').find((event) => event.statementId === statementId);
  const outcome = statementId === undefined ? 'refused' : completed ? 'completed' : rejected ? 'rejected' : 'in-flight';
  if (outcome === 'refused') return fail(`Banking Service refused the first statement ${first.id} for the linked bank account ${bankAccountId}: ${refusal(first)}.`, [...seen, first.id]);
  if (outcome === 'rejected') {
    return fail(`Banking Service rejected the first statement ${first.id} for the linked bank account ${bankAccountId}: ${rejected?.reasons.map((reason) => reason.message).join('; ') ?? 'see its reasons'}.`, [...seen, first.id]);
  }
  if (outcome === 'in-flight') return inconclusive(`The first statement ${first.id} for the linked bank account ${bankAccountId} had not completed when the run ended.`, [...seen, first.id]);
  return pass(`The connector acknowledged ${notification.outcome.exchangeId} for the linked bank account ${bankAccountId} and its first statement ${first.id} (${ofFirst.length} transactions, none before ${start}) completed.`, [...seen, first.id], [notification.seq]);
};

/** MAL-05: an account the provider opened after onboarding appears in /availableaccounts. */
const addedAccountOffered: Check = (evidence) => {
  const step = stepsOf(evidence, 'multi-account-linking', 'offer-added-account').find((candidate) => candidate.status !== 'skipped');
  if (!step) return notRun(evidence, 'offer-added-account', 'Adding an account through the hook');
  const added = step.data['addedExternalId'];
  const hook = step.data['hook'];
  if (!added) return inconclusive(`The addAccount hook${hook ? ` (${hook})` : ''} answered no externalId to look for.`, hook ? [hook] : []);
  const hookRecord = evidence.traffic.find((record) => record.id === hook);
  const calls = availableAccountsCalls(evidence).filter((record) => record.seq > (hookRecord?.seq ?? step.afterExchange) && record.seq <= step.lastExchange);
  if (calls.length === 0) return inconclusive(`Banking Service did not call GET /availableaccounts after the addAccount hook ${hook}.`, hook ? [hook] : []);
  const missing = calls.find((record) => !(elementsOf(record) ?? []).some((element) => element.externalId === added));
  if (missing) return fail(`GET /availableaccounts?externalId=${queriedExternalId(missing)} ${missing.id} does not list ${added}, the account the provider opened for the user (hook ${hook}): answer from the authorisation's current accounts.`, [hook ?? '', missing.id].filter((id) => id !== ''));
  return pass(`After the addAccount hook ${hook} opened ${added}, GET /availableaccounts (${calls.map((record) => record.id).join(', ')}) lists it.`, [hook ?? '', ...calls.map((record) => record.id)].filter((id) => id !== ''));
};

/** Checks of the multi-account-linking requirements, by requirement id. */
export const MULTI_ACCOUNT_LINKING_CHECKS: Readonly<Record<string, Check>> = Object.freeze({
  'MAL-01': supported,
  'MAL-02': completeList,
  'MAL-03': matchingIdentifiers,
  'MAL-04': firstStatementOfLinked,
  'MAL-05': addedAccountOffered,
});
