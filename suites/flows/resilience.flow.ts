import type { Fault } from '../../harness/banking-service/faults/index.ts';
import type { ProductClient } from '../../harness/product/index.ts';
import type { FlowContext, FlowDriver } from './flow-driver.ts';
import { CandidateFailure } from './flow-step.ts';
import { createKitProduct, daysAgo, findBankOrSkipRest, onboardAccount, testUser, type KitAccount } from './kit-onboarding.ts';
import { expiredTokenCall, outlivedGrant, tokenGrants, type CallEvidence } from '../checks/provider-calls.ts';
import { MAX_OUTLIVED_TOKEN_SECONDS, NOTE, RESILIENCE_STEPS } from './probe-names.ts';

/**
 * The burst: the same real account linked in this many companies, so its pushes run on that many lanes at once,
 * and this many transactions booked for it: two statements of 100 per lane at the default batch limit, twelve
 * calls with their polls, arriving within a fraction of a second from a connector that does not pace itself.
 */
export const BURST_LANES = 3;
export const BURST_TRANSACTIONS = 200;
/** Retry-After of the injected 429: long enough to measure, short enough for the run. */
export const RETRY_AFTER_SECONDS = 1;

/** A fault served on the next POST /v1/statements of one push. */
interface FaultedPush {
  readonly step: string;
  readonly fault: Fault;
}

/** Before the burst: faults after which the account's pushes go on normally. */
export const FAULTS_BEFORE_BURST: readonly FaultedPush[] = Object.freeze([
  { step: RESILIENCE_STEPS.refreshAfter401, fault: { kind: 'unauthorized-401' } },
  { step: RESILIENCE_STEPS.backOffAfter429, fault: { kind: 'rate-limit-429', retryAfterSeconds: RETRY_AFTER_SECONDS } },
  { step: RESILIENCE_STEPS.resubmitAfter500NotStored, fault: { kind: 'server-error-500', stored: false } },
  { step: RESILIENCE_STEPS.resubmitAfterDropNotStored, fault: { kind: 'drop-connection', stored: false } },
]);

/**
 * Last of the faults: the "lost response" case, where the first attempt was stored and the resubmission is refused
 * as a duplicate, for its ids alone (a statement holding an id sent before is not processed at all [APPLY]), which
 * tells the connector its first attempt was delivered.
 */
export const LOST_RESPONSE: FaultedPush = Object.freeze<FaultedPush>({ step: RESILIENCE_STEPS.resubmitAfter500Stored, fault: { kind: 'server-error-500', stored: true } });

const AFTER_SETUP = Object.values(RESILIENCE_STEPS).filter((step) => step !== RESILIENCE_STEPS.findBank && step !== RESILIENCE_STEPS.onboard);

/**
 * Resilience: the simulated Banking Service misbehaves on purpose (a 401 on a valid token, a 429 with
 * Retry-After, a 500 before and after storing a statement, a dropped connection) while the connector pushes new
 * transactions, one fault per push; then a burst of statements on several lanes for the request rate, and, when
 * the run's Sage ID issues short-lived tokens, enough traffic to outlive one. The connector's behaviour is judged
 * from the traffic. It onboards an account of its own (preferring one no earlier flow connected, so only its
 * pushes are in flight when the faults are served).
 */
export const resilienceFlow: FlowDriver = {
  id: 'resilience',
  title: 'resilience',
  async run(context) {
    const bank = await findBankOrSkipRest(context, { find: RESILIENCE_STEPS.findBank, rest: [RESILIENCE_STEPS.onboard, ...AFTER_SETUP] });
    if (!bank) return;
    const setup = await context.step(RESILIENCE_STEPS.onboard, async (handle) => {
      const product = await createKitProduct(context, 'Kit Resilience Company');
      // Pushes for an externalId go to every bank account linked to it; a second one in flight would blur "the
      // next request after a 429". So the kit prefers an account nobody else connected, and opens one if needed.
      // A disconnected one counts too: a connector that still pushes for it (OFF-02) would otherwise blur RES-05.
      const connectedElsewhere = (externalId: string, except?: string) =>
        context.simulator.state.bankAccounts().some((account) => account.bankId === bank.principalId && account.externalId === externalId && account.id !== except);
      const onboard = () =>
        onboardAccount(context, {
          product,
          bankId: bank.principalId,
          user: testUser(context, 'multiAccount'),
          requestedStartDate: daysAgo(2),
          prefer: (offered) => !connectedElsewhere(offered.bankAccountExternalId),
        });
      let account = await onboard();
      if (connectedElsewhere(account.externalId, account.bankAccountId) && context.hooks.has('addAccount')) {
        handle.note('addedAccountFor', account.externalId);
        await context.hooks.call('addAccount', { externalId: account.externalId });
        account = await onboard();
      }
      handle.note(NOTE.bankAccountId, account.bankAccountId);
      handle.note(NOTE.externalId, account.externalId);
      return { product, account };
    });
    if (!setup) {
      for (const name of AFTER_SETUP) context.skip(name, `the kit could not onboard an account of its own (step ${RESILIENCE_STEPS.onboard})`);
      return;
    }
    if (!context.hooks.has('newTransactions')) {
      for (const name of AFTER_SETUP) context.skip(name, 'the candidate declares no newTransactions hook (capability transaction-push-hook), so the kit cannot make it push statements on demand');
      return;
    }
    const { account, product } = setup;

    await context.step(RESILIENCE_STEPS.settle, async (handle) => {
      handle.note('hook', (await pushNewTransactions(context, account, 1)).id);
    });
    for (const { step, fault } of FAULTS_BEFORE_BURST) await pushThroughFault(context, step, fault, account);

    const lanes = await context.step(RESILIENCE_STEPS.burst, async (handle) => {
      const extra: { readonly product: ProductClient; readonly account: KitAccount }[] = [];
      for (let lane = 2; lane <= BURST_LANES; lane += 1) {
        const laneProduct = await createKitProduct(context, `Kit Resilience Company ${lane}`);
        const linked = await onboardAccount(context, {
          product: laneProduct,
          bankId: bank.principalId,
          user: testUser(context, 'multiAccount'),
          requestedStartDate: daysAgo(0),
          prefer: (offered) => offered.bankAccountExternalId === account.externalId,
        });
        handle.note(`lane${lane}BankAccountId`, linked.bankAccountId);
        extra.push({ product: laneProduct, account: linked });
      }
      handle.note('transactions', String(BURST_TRANSACTIONS));
      handle.note('hook', (await pushNewTransactions(context, account, BURST_TRANSACTIONS)).id);
      return extra;
    });

    await pushThroughFault(context, LOST_RESPONSE.step, LOST_RESPONSE.fault, account);

    await context.step(RESILIENCE_STEPS.listTransactions, async (handle) => {
      handle.note(NOTE.bankAccountId, account.bankAccountId);
      await listAllTransactions(product, account.bankAccountId);
      for (const lane of lanes ?? []) await listAllTransactions(lane.product, lane.account.bankAccountId);
    });

    await outliveToken(context, account);
  },
};

/** Every page of the consumer's transaction list, so the traffic log holds what Banking Service stored. */
async function listAllTransactions(product: ProductClient, bankAccountId: string): Promise<void> {
  let startIndex: number | undefined = 0;
  for (let page = 0; startIndex !== undefined && page < 1_000; page += 1) {
    const listed = await product.transactions(bankAccountId, startIndex);
    if (listed.status !== 200 || !listed.body) throw new Error(`the simulator answered ${listed.status} to GET …/bankaccounts/${bankAccountId}/transactions?startIndex=${startIndex}`);
    const next = listed.body.bankTransactionList.next;
    startIndex = next === null ? undefined : Number(new URL(next).searchParams.get('startIndex'));
  }
}

function pushNewTransactions(context: FlowContext, account: KitAccount, count: number) {
  return context.hooks.call('newTransactions', { externalId: account.externalId, count });
}

/** Schedules `fault` on the next POST /v1/statements, makes the connector push, and requires the fault to have been served. */
async function pushThroughFault(context: FlowContext, step: string, fault: Fault, account: KitAccount): Promise<void> {
  await context.step(step, async (handle) => {
    const { faults, events } = context.simulator;
    const occurrence = faults.count('postStatement') + 1;
    faults.add({ operationId: 'postStatement', occurrence, fault });
    const after = events.lastSeq;
    const served = () => events.all().some((event) => event.seq > after && event.type === 'fault.injected' && event.operationId === 'postStatement' && event.occurrence === occurrence);
    handle.note('fault', fault.kind);
    handle.note('occurrence', String(occurrence));
    handle.note(NOTE.bankAccountId, account.bankAccountId);
    try {
      handle.note('hook', (await pushNewTransactions(context, account, 1)).id);
    } finally {
      // An unserved fault must not hit a later statement of another step or flow.
      if (!served()) faults.clear();
    }
    if (!served()) throw new CandidateFailure(`the connector posted no statement after new transactions were booked, so the ${fault.kind} fault was never served`);
  });
}

/**
 * RES-03: with short-lived Sage ID tokens, keep the connector calling the Provider API until one of its tokens was
 * held to its expiry with calls going on past it (not cut short by a 401, which an earlier step serves on purpose),
 * or until it presented an expired one: either shows in the traffic. Each round awaits the hook's answer, which
 * comes once the pushed statement completed: the pace is the connector's.
 */
async function outliveToken(context: FlowContext, account: KitAccount): Promise<void> {
  const soFar = (): CallEvidence => ({ traffic: context.simulator.traffic.all(), facts: { providerClientId: context.simulator.credentials.clientId } });
  const first = tokenGrants(soFar())[0];
  if (!first) {
    context.skip(RESILIENCE_STEPS.outliveToken, 'the candidate obtained no Sage ID token the kit could read a lifetime from');
    return;
  }
  const { lifetimeSeconds } = first;
  if (lifetimeSeconds > MAX_OUTLIVED_TOKEN_SECONDS) {
    context.skip(RESILIENCE_STEPS.outliveToken, `Sage ID tokens live ${lifetimeSeconds} s in this run; renewal before expiry is observed only in a run whose Sage ID issues tokens of ${MAX_OUTLIVED_TOKEN_SECONDS} s or less`);
    return;
  }
  await context.step(RESILIENCE_STEPS.outliveToken, async (handle) => {
    // The token in use may be new: two lifetimes always hold one whole one.
    const giveUpAt = Date.now() + 2 * lifetimeSeconds * 1000 + context.config.timeouts.flowStepMs;
    let rounds = 0;
    do {
      if (Date.now() > giveUpAt) throw new CandidateFailure(`the connector's pushes did not outlive a ${lifetimeSeconds} s token within ${context.config.timeouts.flowStepMs} ms of two lifetimes`);
      await pushNewTransactions(context, account, 1);
      rounds += 1;
    } while (outlivedGrant(soFar()) === undefined && expiredTokenCall(soFar()) === undefined);
    handle.note('tokenLifetimeSeconds', String(lifetimeSeconds));
    handle.note('rounds', String(rounds));
  });
}
