import type { AvailableBankAccountsBody } from '../../harness/product/index.ts';
import type { FlowDriver } from './flow-driver.ts';
import { CandidateFailure } from './flow-step.ts';
import { awaitAccountNotification, daysAgo, nextStatementOutcome, onboardingPrecondition, readAccount } from './onboarding-steps.ts';
import type { OnboardedAccount } from './run-world.ts';

const STEPS = ['await-active-account', 'list-available-accounts', 'link-candidate', 'offer-added-account'] as const;
/** The linked account's history: a month, enough for a first statement with transactions [U-MAL] [U-POST]. */
const LINKED_HISTORY_DAYS = 30;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The externalId a test-control addAccount hook answered with: top level or under `account`. */
function addedExternalId(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  if (typeof body['externalId'] === 'string') return body['externalId'];
  const account = body['account'];
  return isObject(account) && typeof account['externalId'] === 'string' ? account['externalId'] : undefined;
}

/**
 * Multi-account linking [F-MAL] [CA-MAL] [BRUNO] (§9.4): from an active account of the multi-account user the
 * product lists the candidates (Banking Service asks the connector's /availableaccounts, once per connected account
 * so every externalId of the authorisation is tried), links one that is not connected and awaits its notification
 * and first statement, then — with the account-addition hook — has the provider open a new account and lists again.
 */
export const multiAccountLinkingFlow: FlowDriver = {
  id: 'multi-account-linking',
  title: 'multi-account linking',
  async run(context) {
    const skipAll = (reason: string) => {
      for (const name of STEPS) context.skip(name, reason);
    };
    if (!context.config.capabilities.has('multi-account-linking')) return skipAll('the candidate does not declare the multi-account-linking capability');
    const blocked = onboardingPrecondition(context);
    if (blocked) return skipAll(blocked);
    const own = context.world.accounts.filter((account) => account.user === 'multiAccount');
    const first = own.find((account) => account.via === 'onboarding');
    if (!first) return skipAll('the multi-account user has no onboarded account');

    // Linking starts from an active account [CA-MAL] [KC-22]: the candidate's first transactions make it so.
    const active = await context.step('await-active-account', async (handle) => {
      handle.note('bankAccountId', first.bankAccountId);
      const read = await readAccount(context, first.bankAccountId);
      if (read.status === 'active') return true;
      await context.simulator.events.waitForType('account.status-changed', (event) => event.bankAccountId === first.bankAccountId && event.to === 'active', {
        timeoutMs: context.config.timeouts.flowStepMs,
        description: `bank account ${first.bankAccountId} becoming active after its first statement`,
      });
      return true;
    });
    if (!active) {
      for (const name of STEPS.slice(1)) context.skip(name, `bank account ${first.bankAccountId} never became active`);
      return;
    }

    const candidates = await context.step('list-available-accounts', async (handle) => {
      let listed: AvailableBankAccountsBody['availableAccounts'] | undefined;
      const queried: string[] = [];
      for (const account of own) {
        if (account !== first && (await readAccount(context, account.bankAccountId)).status !== 'active') continue;
        const answer = await context.product.availableBankAccounts([account.bankAccountId]);
        if (answer.status !== 200 || !answer.body) {
          throw new CandidateFailure(`GET …/availablebankaccounts from ${account.externalId} answered ${answer.status}${answer.errors?.[0] ? `: ${answer.errors[0].message}` : ''}`);
        }
        queried.push(account.externalId);
        listed ??= answer.body.availableAccounts;
      }
      handle.note('queriedExternalIds', queried.join(','));
      return listed ?? [];
    });
    if (!candidates) {
      for (const name of STEPS.slice(2)) context.skip(name, 'the candidates could not be listed');
      return;
    }

    await context.step('link-candidate', async (handle) => {
      const candidate = candidates.find((offered) => !offered.metadata.connected);
      if (!candidate) throw new CandidateFailure(`none of the ${candidates.length} candidates is unconnected: /availableaccounts must list every account of the authorisation`);
      handle.note('bankAccountCandidateId', candidate.bankAccountCandidateId);
      const requestedStartDate = daysAgo(LINKED_HISTORY_DAYS);
      const after = context.simulator.events.lastSeq;
      const linked = await context.product.linkAvailableBankAccount({ bankAccountCandidateId: candidate.bankAccountCandidateId, requestedStartDate });
      if (linked.status !== 201 || !linked.body?.bankAccountId) throw new CandidateFailure(`POST …/linkavailablebankaccount answered ${linked.status}${linked.errors?.[0] ? `: ${linked.errors[0].message}` : ''}`);
      const bankAccountId = linked.body.bankAccountId;
      handle.note('bankAccountId', bankAccountId);
      handle.note('requestedStartDate', requestedStartDate);
      const created = context.simulator.events.ofType('account.created').find((event) => event.bankAccountId === bankAccountId);
      const account: OnboardedAccount = { bankAccountId, externalId: created?.externalId ?? '', requestedStartDate, user: 'multiAccount', via: 'multi-account-link' };
      handle.note('externalId', account.externalId);
      context.world.accounts.push(account);
      await awaitAccountNotification(context, bankAccountId, 'resourceCreated');
      const outcome = await nextStatementOutcome(context, bankAccountId, after, `the first statement for the linked bank account ${bankAccountId}`);
      handle.note('firstStatement', outcome.type);
      // The collection lists again and expects the linked candidate connected [BRUNO].
      const again = await context.product.availableBankAccounts([first.bankAccountId]);
      handle.note('connectedAfterLink', String(again.body?.availableAccounts.find((offered) => offered.bankAccountCandidateId === candidate.bankAccountCandidateId)?.metadata.connected ?? false));
    });

    if (!context.hooks.has('addAccount')) {
      context.skip('offer-added-account', 'the candidate declares no account-addition-hook');
      return;
    }
    await context.step('offer-added-account', async (handle) => {
      const hook = await context.hooks.call('addAccount', { externalId: first.externalId });
      handle.note('hook', hook.id);
      const added = addedExternalId(hook.response?.body);
      if (!added) throw new CandidateFailure(`the addAccount hook (${hook.id}) answered no externalId for the account it opened`);
      handle.note('addedExternalId', added);
      const answer = await context.product.availableBankAccounts([first.bankAccountId]);
      if (answer.status !== 200) throw new CandidateFailure(`GET …/availablebankaccounts after the account was added answered ${answer.status}${answer.errors?.[0] ? `: ${answer.errors[0].message}` : ''}`);
    });
  },
};
