import { postedTransactionsFor, type PostedTransaction } from '../checks/evidence-queries.ts';
import type { TestUser } from '../../harness/config/index.ts';
import type { PolledAccount } from '../../harness/product/index.ts';
import type { FlowContext, FlowDriver } from './flow-driver.ts';
import { CandidateFailure } from './flow-step.ts';
import {
  awaitAccountNotification,
  awaitTransactionsStored,
  createOnboardedAccount,
  DAY_MS,
  daysAgo,
  readAccount,
  readAllTransactions,
  runOnboardingSession,
} from './onboarding-steps.ts';
import type { OnboardedAccount } from './run-world.ts';

/**
 * History requested for the accounts later flows post to and re-authorise [U-POST] [BRUNO]. No source says how far
 * back a product asks; a month shows every rule of the first push (all of it from requestedStartDate, several
 * statements one after another for a busy account: three of 100 for the reference's), and each further day is
 * paced statement traffic every certification waits for (60 days cost 1.6 s more on the reference, nothing more seen).
 */
export const HISTORY_DAYS = 30;
/** The second account is disconnected again (T-ONB-3): half a month of history keeps that scenario short. */
const SECOND_ACCOUNT_HISTORY_DAYS = 15;
/** A password no test user has: the failed-login scenario (ONB-10) [C-AUTH]. Test data, not a secret. */
const WRONG_PASSWORD = 'not-the-test-password';

/**
 * Onboarding as the official test plan's rows T-ONB-1..5 [TEST] and reference §9.1 [F-ONB] [BRUNO]: the product
 * creates its organisation, reads the bank, then — each scenario its own step, so one failing does not hide the
 * others — onboards the multi-account user (all accounts offered, T-ONB-4), a second account of the same user in a
 * new session (T-ONB-2), a login with a wrong password (back at redirect_uri with state, no PATCH), disconnects
 * and reconnects the same real account with a later start date (T-ONB-3), and onboards the single-account user
 * (T-ONB-1, T-ONB-5). Leaves the bank, the organisation and the live accounts in `context.world`: the
 * multi-account user's first account from HISTORY_DAYS back, her reconnected second one, the single-account
 * user's account.
 */
export const onboardingFlow: FlowDriver = {
  id: 'onboarding',
  title: 'onboarding',
  async run(context) {
    if (!context.world.bankId) {
      for (const name of ['create-organisation', ...SCENARIO_STEPS]) context.skip(name, 'no bank: bank sync did not register one and the config names none');
      return;
    }
    const organised = await context.step('create-organisation', async (handle) => {
      const organisation = await context.product.createOrganisation();
      if (organisation.status !== 201 || !context.product.company) throw new Error(`POST /organisations answered ${organisation.status}`);
      const token = await context.product.accessToken();
      if (token.status !== 200) throw new Error(`GET /accesstoken answered ${token.status}`);
      context.world.organisationId = context.product.company.organisationId;
      context.world.companyId = context.product.company.companyId;
      handle.note('organisationId', context.world.organisationId);
      handle.note('companyId', context.world.companyId);
      return true;
    });
    if (!organised) {
      for (const name of SCENARIO_STEPS) context.skip(name, 'the product could not create its organisation');
      return;
    }
    const bank = await context.step('get-bank', async (handle) => {
      const read = await context.product.getBank(context.world.bankId ?? '');
      handle.note('bankId', context.world.bankId ?? '');
      if (read.status !== 200) throw new CandidateFailure(`GET /banks/${context.world.bankId} answered ${read.status}: the registered bank is not readable`);
      return true;
    });
    if (!bank) {
      for (const name of SCENARIO_STEPS.slice(1)) context.skip(name, 'the bank is not readable with GET /banks/{bankId}');
      return;
    }

    const users = context.config.auth.users;
    const redirectDriver = context.config.auth.driver === 'redirect';
    const multiUser = users?.multiAccount;
    const historyStart = daysAgo(HISTORY_DAYS);

    // T-ONB-4 and the first account: every account offered, one created.
    let first: OnboardedAccount | undefined;
    if (!multiUser && !redirectDriver) context.skip('onboard-multi-account-user', 'auth.users.multiAccount is not configured');
    else {
      first = await context.step('onboard-multi-account-user', async (handle) => {
        const session = await runOnboardingSession(context, handle, { role: 'multiAccount', user: multiUser });
        handle.note('offeredAccounts', String(session.poll?.accounts?.length ?? 0));
        const account = session.poll?.account;
        if (!account) throw new CandidateFailure('the onboarding poll offered no account');
        const created = await createOnboardedAccount(context, handle, { account, requestedStartDate: historyStart, role: 'multiAccount' });
        context.world.accounts.push(created);
        await readAccount(context, created.bankAccountId);
        return created;
      });
    }

    // T-ONB-2: the same user, a new session, a second account; both read pending until their first transactions.
    let second: OnboardedAccount | undefined;
    if (!first) context.skip('onboard-second-account', 'the multi-account user has no first account');
    else {
      const firstAccount = first;
      second = await context.step('onboard-second-account', async (handle) => {
        const session = await runOnboardingSession(context, handle, { role: 'multiAccount', user: multiUser });
        const account = session.poll?.accounts?.find((offered) => !offered.connected) ?? session.poll?.account;
        if (!account || account.bankAccountExternalId === firstAccount.externalId) throw new CandidateFailure('the second onboarding session offered no account that is not connected yet');
        const created = await createOnboardedAccount(context, handle, { account, requestedStartDate: daysAgo(SECOND_ACCOUNT_HISTORY_DAYS), role: 'multiAccount' });
        context.world.accounts.push(created);
        handle.note('firstBankAccountId', firstAccount.bankAccountId);
        await readAccount(context, firstAccount.bankAccountId);
        await readAccount(context, created.bankAccountId);
        return created;
      });
    }

    // A failed authentication still returns the user to redirect_uri with state, and nothing is PATCHed.
    if (redirectDriver) context.skip('failed-login', 'the redirect auth driver cannot fail a login: the candidate approves at once');
    else if (!multiUser) context.skip('failed-login', 'auth.users.multiAccount is not configured');
    else {
      await context.step('failed-login', async (handle) => {
        const session = await runOnboardingSession(context, handle, { role: 'multiAccount', user: { ...multiUser, password: WRONG_PASSWORD }, expectSuccess: false });
        if (session.drive.outcome !== 'returned') throw new CandidateFailure(`after a failed login the user was not sent back to redirect_uri: ${session.drive.message}`);
      });
    }

    // T-ONB-3: disconnect the second account, reconnect the same real account with a later start date.
    const disconnected = second ? await disconnectAfterHistory(context, second) : undefined;
    if (!second) context.skip('disconnect-before-reconnect', 'the multi-account user has no second account');
    if (!disconnected) context.skip('reconnect-same-account', second ? 'the account to reconnect could not be disconnected' : 'the multi-account user has no second account');
    else await reconnect(context, disconnected, multiUser);

    // T-ONB-1 and T-ONB-5: a user with exactly one account. Last, so its history push does not hold up T-ONB-3's.
    const singleUser = users?.singleAccount;
    if (redirectDriver) context.skip('onboard-single-account-user', 'the redirect auth driver cannot choose the test user: the candidate approves its own configured user');
    else if (!singleUser) context.skip('onboard-single-account-user', 'auth.users.singleAccount is not configured');
    else {
      await context.step('onboard-single-account-user', async (handle) => {
        const session = await runOnboardingSession(context, handle, { role: 'singleAccount', user: singleUser });
        handle.note('offeredAccounts', String(session.poll?.accounts?.length ?? 0));
        const account = session.poll?.account;
        if (!account) throw new CandidateFailure('the onboarding poll offered no account');
        const created = await createOnboardedAccount(context, handle, { account, requestedStartDate: historyStart, role: 'singleAccount' });
        context.world.accounts.push(created);
        await readAccount(context, created.bankAccountId);
      });
    }
  },
};

/** The scenario steps after create-organisation, skipped together when there is no bank or organisation. */
const SCENARIO_STEPS = ['get-bank', 'onboard-multi-account-user', 'onboard-second-account', 'failed-login', 'disconnect-before-reconnect', 'reconnect-same-account', 'onboard-single-account-user'] as const;

interface Disconnected {
  readonly account: OnboardedAccount;
  readonly bankIdentifier: string;
  readonly accountIdentifier: string;
}

/**
 * Lets the account's history reach Banking Service, then disconnects it [CA-OFF] [BRUNO]. With the
 * new-transactions hook the candidate books one more transaction and answers once every resulting statement is
 * through, which also settles the history push before it; without it the first stored transactions suffice.
 */
async function disconnectAfterHistory(context: FlowContext, account: OnboardedAccount): Promise<Disconnected | undefined> {
  return context.step('disconnect-before-reconnect', async (handle) => {
    handle.note('bankAccountId', account.bankAccountId);
    handle.note('externalId', account.externalId);
    const before = await readAccount(context, account.bankAccountId);
    if (context.hooks.has('newTransactions')) {
      const booked = await context.hooks.call('newTransactions', { externalId: account.externalId, count: 1 });
      handle.note('hook', booked.id);
    } else {
      await awaitTransactionsStored(context, account.bankAccountId, new Set(), 0);
    }
    const removed = await context.product.deleteBankAccount(account.bankAccountId);
    if (removed.status !== 204) throw new Error(`DELETE …/bankaccounts/${account.bankAccountId} answered ${removed.status}`);
    await awaitAccountNotification(context, account.bankAccountId, 'resourceDeleted');
    const index = context.world.accounts.findIndex((known) => known.bankAccountId === account.bankAccountId);
    if (index >= 0) context.world.accounts.splice(index, 1);
    await readAccount(context, account.bankAccountId);
    if (!before.bankIdentifier || !before.accountIdentifier) throw new Error(`GET …/bankaccounts/${account.bankAccountId} has no bankIdentifier or accountIdentifier`);
    return { account, bankIdentifier: before.bankIdentifier, accountIdentifier: before.accountIdentifier };
  });
}

/**
 * T-ONB-3 [TEST] (R14): a new session offers the disconnected real account again; the product creates it with a
 * later start date and waits until Banking Service holds every transaction from that date the candidate had
 * already sent for the old bank account, then reads the account's transactions.
 */
async function reconnect(context: FlowContext, disconnected: Disconnected, user: TestUser | undefined): Promise<void> {
  await context.step('reconnect-same-account', async (handle) => {
    const sent = postedTransactionsFor({ traffic: context.simulator.traffic.all(), events: context.simulator.events.all() }, disconnected.account.bankAccountId)
      .filter((transaction) => transaction.outcome === 'completed');
    const requestedStartDate = laterStartDate(disconnected.account.requestedStartDate, sent);
    const expected = new Set(sent.filter((transaction) => onOrAfter(transaction.datePosted, requestedStartDate)).flatMap((transaction) => transaction.uniqueId ?? []));
    handle.note('previousBankAccountId', disconnected.account.bankAccountId);
    handle.note('previousRequestedStartDate', disconnected.account.requestedStartDate);
    handle.note('expectedAgain', String(expected.size));
    const session = await runOnboardingSession(context, handle, { role: 'multiAccount', user });
    const account: PolledAccount | undefined = session.poll?.accounts?.find(
      (offered) => offered.bankIdentifier === disconnected.bankIdentifier && offered.accountIdentifier === disconnected.accountIdentifier,
    );
    if (!account) throw new CandidateFailure(`the reconnect session's PATCH did not offer the disconnected account ${disconnected.account.externalId} again`);
    const after = context.simulator.events.lastSeq;
    const created = await createOnboardedAccount(context, handle, { account, requestedStartDate, role: 'multiAccount' });
    context.world.accounts.push(created);
    const outcome = await awaitTransactionsStored(context, created.bankAccountId, expected, after);
    handle.note('push', outcome);
    handle.note('transactionsRead', String(await readAllTransactions(context, created.bankAccountId)));
  });
}

const onOrAfter = (date: string | undefined, start: string): boolean => date !== undefined && Date.parse(date) >= Date.parse(start);

/**
 * A start date later than the first one that still covers part of what was already sent: the middle of the
 * days (UTC) the stored transactions fall on, so T-ONB-3 can show those are sent again [TEST] (R14).
 */
export function laterStartDate(previous: string, sent: readonly PostedTransaction[]): string {
  const previousMs = Date.parse(previous);
  const days = [...new Set(sent.flatMap((transaction) => {
    const at = transaction.datePosted === undefined ? Number.NaN : Date.parse(transaction.datePosted);
    return Number.isNaN(at) ? [] : [Math.floor(at / DAY_MS) * DAY_MS];
  }))].filter((day) => day > previousMs).sort((a, b) => a - b);
  const chosen = days[Math.floor((days.length - 1) / 2)];
  if (chosen !== undefined) return new Date(chosen).toISOString();
  return new Date(Math.floor((previousMs + (Date.now() - previousMs) / 2) / DAY_MS) * DAY_MS).toISOString();
}
