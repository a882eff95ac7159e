import type { FlowContext, FlowDriver } from './flow-driver.ts';
import { CandidateFailure } from './flow-step.ts';
import { readProductView, type ProductView } from './product-view.ts';
import type { OnboardedAccount } from './run-world.ts';
import { awaitPushSettled, currentStatus, type SettledPush } from './statement-waits.ts';

/**
 * Posting transactions (reference §9.2): for each account onboarding established, the connector's first push of
 * the cleared history from requestedStartDate [U-POST] [C-NOTIF] until the account leaves pending (policy
 * account-activation) [F-POST]; the product's read of it [BRUNO] [CA-FETCH]; then, through the new-transactions
 * hook, an incremental push one transaction over the batch limit, so it must be split into statements posted one
 * after the other, each completed before the next (R7, R11, R13) [P-STMT]. What the statements contain is decided
 * by the checks from the traffic; this flow only makes the candidate post and waits for it.
 *
 * Steps (stable names the checks use): await-history-push and read-transactions per account (data:
 * bankAccountId, externalId, requestedStartDate), push-new-transactions (data: bankAccountId, externalId, count,
 * afterEvent).
 */
export const postingFlow: FlowDriver = {
  id: 'posting',
  title: 'posting transactions',
  async run(context) {
    const accounts = [...context.world.accounts];
    if (accounts.length === 0) {
      context.skip('await-history-push', 'no onboarded bank account in this run: the onboarding flow established none, so there is no push to observe');
      return;
    }
    // The connector pushes every account's history in parallel (R7 allows it), so the waits run side by side.
    const pushes = await Promise.all(accounts.map((account) => context.step('await-history-push', (handle) => {
      noteAccount(handle, account);
      return awaitHistoryPush(context, account, handle);
    })));

    const views = new Map<string, ProductView>();
    for (const account of accounts) {
      const view = await context.step('read-transactions', async (handle) => {
        noteAccount(handle, account);
        const read = await readProductView(context, account.bankAccountId);
        handle.note('status', read.account?.status ?? 'unknown');
        handle.note('total', String(read.total));
        handle.note('pages', String(read.pages));
        if (read.oldestDatePosted) handle.note('oldestDatePosted', read.oldestDatePosted);
        if (read.newestDatePosted) handle.note('newestDatePosted', read.newestDatePosted);
        return read;
      });
      if (view) views.set(account.bankAccountId, view);
    }
    context.progress(`history pushed for ${pushes.filter(Boolean).length}/${accounts.length} account(s)`);

    await pushNewTransactions(context, accounts, views);
  },
};

function noteAccount(handle: { note(key: string, value: string): void }, account: OnboardedAccount): void {
  handle.note('bankAccountId', account.bankAccountId);
  handle.note('externalId', account.externalId);
  handle.note('requestedStartDate', account.requestedStartDate);
  handle.note('user', account.user);
}

async function awaitHistoryPush(context: FlowContext, account: OnboardedAccount, handle: { note(key: string, value: string): void }): Promise<SettledPush> {
  const settled = await awaitPushSettled(context, account.bankAccountId, { afterEvent: 0, afterExchange: 0, expectStatement: true });
  noteSettled(handle, settled);
  const activation = context.config.policies['account-activation'];
  const status = currentStatus(context, account.bankAccountId);
  handle.note('status', status ?? 'unknown');
  if (settled.completed === 0) {
    throw new CandidateFailure(`none of the ${settled.posted} statement(s) the candidate posted for bank account ${account.bankAccountId} completed in Banking Service (${settled.rejected} rejected, the rest refused)`);
  }
  if (status !== 'active') {
    throw new CandidateFailure(`bank account ${account.bankAccountId} is still ${status ?? 'unknown'} after the candidate's first push settled (policy account-activation = ${activation})`);
  }
  return settled;
}

function noteSettled(handle: { note(key: string, value: string): void }, settled: SettledPush): void {
  handle.note('statementsPosted', String(settled.posted));
  handle.note('statementsCompleted', String(settled.completed));
  handle.note('statementsRejected', String(settled.rejected));
  handle.note('transactionsStored', String(settled.transactionsStored));
  handle.note('settledBy', settled.settledBy === 'quiet' ? `quiet ${Math.round(settled.quietMs)} ms` : settled.settledBy);
}

/** An incremental push one over the batch limit: new transactions only (R13), split (R11), one at a time (R7). */
async function pushNewTransactions(context: FlowContext, accounts: readonly OnboardedAccount[], views: ReadonlyMap<string, ProductView>): Promise<void> {
  if (!context.config.capabilities.has('transaction-push-hook')) {
    context.skip('push-new-transactions', 'capability transaction-push-hook is not declared, so no incremental push can be provoked within the run');
    return;
  }
  if (!context.hooks.has('newTransactions')) {
    context.skip('push-new-transactions', 'capability transaction-push-hook is declared but hooks.newTransactions is not configured');
    return;
  }
  const account = accounts.find((candidate) => views.get(candidate.bankAccountId)?.account?.status === 'active') ?? accounts[0];
  if (!account) return;
  const count = context.config.policies['statement-batch-limit'] + 1;
  await context.step('push-new-transactions', async (handle) => {
    noteAccount(handle, account);
    handle.note('count', String(count));
    const afterEvent = context.simulator.events.lastSeq;
    const afterExchange = context.simulator.traffic.all().length;
    handle.note('afterEvent', String(afterEvent));
    const hook = await context.hooks.call('newTransactions', { externalId: account.externalId, bankAccountId: account.bankAccountId, count });
    handle.note('hookExchange', hook.id);
    const settled = await awaitPushSettled(context, account.bankAccountId, { afterEvent, afterExchange, expectStatement: true, expectTransactions: count });
    noteSettled(handle, settled);
    const before = views.get(account.bankAccountId)?.lastTransactionId;
    const read = await readProductView(context, account.bankAccountId, before === undefined ? 0 : before + 1);
    handle.note('newTransactionsRead', String(read.read));
    if (settled.completed === 0) throw new CandidateFailure(`no statement of the incremental push for bank account ${account.bankAccountId} completed in Banking Service`);
  });
}
