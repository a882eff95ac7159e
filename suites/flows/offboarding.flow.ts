import type { FlowDriver } from './flow-driver.ts';
import { CandidateFailure } from './flow-step.ts';
import { awaitAccountNotification, nextStatementOutcome, onboardingPrecondition, readAccount } from './onboarding-steps.ts';
import type { OnboardedAccount } from './run-world.ts';

const STEPS = ['disconnect-account', 'new-transactions-for-disconnected', 'new-transactions-for-sibling'] as const;

/**
 * The account to disconnect and a sibling of the same user that stays connected: a linked account when
 * multi-account linking added one, else a later one, so the user's first account (the one the posting and
 * re-authorisation flows lean on) stays.
 */
function chooseAccounts(accounts: readonly OnboardedAccount[]): { target: OnboardedAccount | undefined; siblings: OnboardedAccount[] } {
  const own = accounts.filter((account) => account.user === 'multiAccount');
  const target = own.find((account) => account.via === 'multi-account-link') ?? own[1] ?? own[0] ?? accounts[0];
  return { target, siblings: own.filter((account) => account !== target) };
}

/**
 * Offboarding [F-OFF] [CA-OFF] [G-DISC] (§9.5): the product disconnects one account (204, cancelled), Banking
 * Service delivers resourceDeleted; then, with the new-transactions hook, the provider books transactions for the
 * disconnected real account — nothing may be posted for the deleted bankAccountId — and for a sibling account of
 * the same user, which must keep receiving statements.
 */
export const offboardingFlow: FlowDriver = {
  id: 'offboarding',
  title: 'offboarding',
  async run(context) {
    const blocked = onboardingPrecondition(context);
    const { target, siblings } = chooseAccounts(context.world.accounts);
    if (blocked || !target) {
      for (const name of STEPS) context.skip(name, blocked ?? 'no onboarded account to disconnect');
      return;
    }

    const disconnected = await context.step('disconnect-account', async (handle) => {
      handle.note('bankAccountId', target.bankAccountId);
      handle.note('externalId', target.externalId);
      if (siblings[0]) handle.note('siblingBankAccountId', siblings[0].bankAccountId);
      const removed = await context.product.deleteBankAccount(target.bankAccountId);
      if (removed.status !== 204) throw new Error(`DELETE …/bankaccounts/${target.bankAccountId} answered ${removed.status}`);
      const index = context.world.accounts.indexOf(target);
      if (index >= 0) context.world.accounts.splice(index, 1);
      const notified = await awaitAccountNotification(context, target.bankAccountId, 'resourceDeleted');
      handle.note('notification', notified.outcome.exchangeId ?? '');
      handle.note('acknowledged', String(notified.outcome.acknowledged));
      handle.note('status', (await readAccount(context, target.bankAccountId)).status);
      return true;
    });
    if (!disconnected) {
      for (const name of STEPS.slice(1)) context.skip(name, 'the account could not be disconnected');
      return;
    }

    if (!context.hooks.has('newTransactions')) {
      for (const name of STEPS.slice(1)) context.skip(name, 'the candidate declares no transaction-push-hook; statements after the disconnection are only watched passively');
      return;
    }
    // The provider's bank keeps booking on the real account; the deleted bankAccountId must get none of it.
    await context.step('new-transactions-for-disconnected', async (handle) => {
      handle.note('bankAccountId', target.bankAccountId);
      const hook = await context.hooks.call('newTransactions', { externalId: target.externalId, count: 2 });
      handle.note('hook', hook.id);
    });

    if (siblings.length === 0) {
      context.skip('new-transactions-for-sibling', 'the user has no other connected account');
      return;
    }
    // An earlier flow may have left a sibling authRequired (a failed re-authorisation): watch one that can post.
    const statuses: string[] = [];
    let sibling: OnboardedAccount | undefined;
    for (const candidate of siblings) {
      const status = (await context.product.getBankAccount(candidate.bankAccountId)).body?.status;
      statuses.push(`${candidate.bankAccountId} is ${status ?? 'unreadable'}`);
      if (status === 'active') {
        sibling = candidate;
        break;
      }
    }
    if (!sibling) {
      context.skip('new-transactions-for-sibling', `no sibling bank account is active (${statuses.join(', ')})`);
      return;
    }
    const watched = sibling;
    await context.step('new-transactions-for-sibling', async (handle) => {
      handle.note('bankAccountId', watched.bankAccountId);
      handle.note('deletedBankAccountId', target.bankAccountId);
      const after = context.simulator.events.lastSeq;
      const hook = await context.hooks.call('newTransactions', { externalId: watched.externalId, count: 2 });
      handle.note('hook', hook.id);
      const outcome = await nextStatementOutcome(context, watched.bankAccountId, after, `a statement for the sibling bank account ${watched.bankAccountId} after the other account was disconnected`);
      if (outcome.type !== 'statement.completed') throw new CandidateFailure(`Banking Service ${outcome.type === 'statement.rejected' ? 'rejected' : 'refused'} the sibling's statement after the disconnection`);
    });
  },
};
