import type { TestUser } from '../../harness/config/index.ts';
import type { FlowContext, FlowDriver, StepHandle } from './flow-driver.ts';
import { CandidateFailure } from './flow-step.ts';
import { awaitReauthorisationPatch, driveAuthRefresh, startReauthorisation, withWrongPassword } from './reauthorisation-drive.ts';
import type { OnboardedAccount } from './run-world.ts';
import { awaitAccountStatus, awaitPushSettled, currentStatus } from './statement-waits.ts';

/** Transactions booked while consent is lapsed, so the push after re-authorisation has something to carry. */
const BOOKED_DURING_LAPSE = 2;

/**
 * Re-authorisation (reference §9.3): the provider loses consent and says so with an authRequired status statement
 * (through the consent-revocation hook) [U-REAUTH] [G-REAUTH]; new transactions are booked meanwhile; the product
 * starts a re-authorisation (indirectauth) and the user fails to sign in once (wrong password: back to
 * redirect_uri with state, no PATCH [C-REFRESH]), then signs in: the connector PATCHes the authorisation before
 * returning the user [F-REAUTH] [P-AUTHZ], the account is active again [BRUNO] and posting resumes [F-REAUTH]
 * [U-POST]. Accounts the lapse left authRequired are re-authorised too, so later flows find them active.
 *
 * Steps (stable names the checks use): revoke-consent, book-during-lapse, reauthorise-failed-login, reauthorise,
 * resume-posting, restore-account (data: bankAccountId, externalId, authorisationId, afterEvent, …).
 */
export const reauthorisationFlow: FlowDriver = {
  id: 'reauthorisation',
  title: 're-authorisation',
  async run(context) {
    const account = context.world.accounts.find((candidate) => candidate.user === 'multiAccount' && candidate.via === 'onboarding')
      ?? context.world.accounts[0];
    if (!account) {
      context.skip('reauthorise', 'no onboarded bank account in this run: the onboarding flow established none, so there is nothing to re-authorise');
      return;
    }
    const user = context.config.auth.users?.[account.user];

    const revoked = await revokeConsent(context, account);
    // Booked whenever the provider took the revocation, even if it then failed to report it (REAUTH-01 says so).
    const booked = revoked ? await bookDuringLapse(context, account) : false;
    await failedLogin(context, account, user);
    const patched = await context.step('reauthorise', (handle) => reauthorise(context, account, user, handle));
    if (patched === undefined) context.skip('resume-posting', 'the re-authorisation did not succeed, so there is nothing to resume');
    else if (!booked) context.skip('resume-posting', 'no transactions were booked while consent was lapsed (consent was not revoked, or capability transaction-push-hook is not declared), so the connector has nothing to post');
    else await resumePosting(context, account, patched);
    await restoreOtherAccounts(context, account);
  },
};

async function revokeConsent(context: FlowContext, account: OnboardedAccount): Promise<boolean> {
  if (!context.config.capabilities.has('consent-revocation-hook')) {
    context.skip('revoke-consent', 'capability consent-revocation-hook is not declared: the provider-initiated authRequired statement cannot be provoked');
    return false;
  }
  if (!context.hooks.has('revokeConsent')) {
    context.skip('revoke-consent', 'capability consent-revocation-hook is declared but hooks.revokeConsent is not configured');
    return false;
  }
  let taken = false;
  await context.step('revoke-consent', async (handle) => {
    noteAccount(handle, account);
    const afterEvent = context.simulator.events.lastSeq;
    handle.note('afterEvent', String(afterEvent));
    const hook = await context.hooks.call('revokeConsent', { externalId: account.externalId, bankAccountId: account.bankAccountId });
    handle.note('hookExchange', hook.id);
    taken = true;
    await awaitAccountStatus(context, account.bankAccountId, 'authRequired', { afterEvent, why: "the provider's authRequired status statement [U-REAUTH]" });
    const affected = context.world.accounts.filter((other) => currentStatus(context, other.bankAccountId) === 'authRequired').map((other) => other.bankAccountId);
    handle.note('authRequiredAccounts', affected.join(','));
  });
  return taken;
}

async function bookDuringLapse(context: FlowContext, account: OnboardedAccount): Promise<boolean> {
  if (!context.config.capabilities.has('transaction-push-hook') || !context.hooks.has('newTransactions')) {
    context.skip('book-during-lapse', 'capability transaction-push-hook is not declared (or hooks.newTransactions is not configured)');
    return false;
  }
  const done = await context.step('book-during-lapse', async (handle) => {
    noteAccount(handle, account);
    handle.note('count', String(BOOKED_DURING_LAPSE));
    handle.note('afterEvent', String(context.simulator.events.lastSeq));
    const hook = await context.hooks.call('newTransactions', { externalId: account.externalId, bankAccountId: account.bankAccountId, count: BOOKED_DURING_LAPSE });
    handle.note('hookExchange', hook.id);
    return true;
  });
  return done === true;
}

/** REAUTH-05: a wrong password must still send the user back to redirect_uri with state, without a PATCH [C-REFRESH]. */
async function failedLogin(context: FlowContext, account: OnboardedAccount, user: TestUser | undefined): Promise<void> {
  if (context.authDriver.name === 'redirect') {
    context.skip('reauthorise-failed-login', 'the redirect auth driver signs no one in (the candidate approves at once), so there is no login to fail');
    return;
  }
  if (!user) {
    context.skip('reauthorise-failed-login', `auth.users.${account.user} is not configured, so there are no credentials to get wrong`);
    return;
  }
  await context.step('reauthorise-failed-login', async (handle) => {
    noteAccount(handle, account);
    const afterEvent = context.simulator.events.lastSeq;
    handle.note('afterEvent', String(afterEvent));
    const session = await startReauthorisation(context, account.bankAccountId, handle);
    const drive = await driveAuthRefresh(context, session, withWrongPassword(user), handle);
    if (drive.outcome !== 'returned') {
      throw new CandidateFailure(`after a wrong password on /authrefresh the candidate did not send the browser to redirect_uri: ${drive.message}`);
    }
  });
}

/** Where the evidence stood when Banking Service took the re-authorisation PATCH: what came later is "after re-authorisation". */
interface PatchMark {
  readonly afterEvent: number;
  readonly afterExchange: number;
}

async function reauthorise(context: FlowContext, account: OnboardedAccount, user: TestUser | undefined, handle: StepHandle): Promise<PatchMark> {
  noteAccount(handle, account);
  const afterEvent = context.simulator.events.lastSeq;
  handle.note('afterEvent', String(afterEvent));
  const session = await startReauthorisation(context, account.bankAccountId, handle);
  const drive = await driveAuthRefresh(context, session, user, handle);
  if (drive.outcome !== 'returned') throw new CandidateFailure(`the re-authentication on /authrefresh did not end at redirect_uri: ${drive.message}`);
  const patchedAt = await awaitReauthorisationPatch(context, session.authorisationId, afterEvent);
  // The connector may post right after its PATCH, before the drive has even ended: "after" starts at the PATCH.
  const patch = context.simulator.traffic.all().find((record) => record.from === 'candidate' && record.request.method === 'PATCH' && record.request.url.endsWith(`/v1/authorisations/${session.authorisationId}`));
  const mark = { afterEvent: patchedAt, afterExchange: patch?.seq ?? context.simulator.traffic.all().length };
  handle.note('patchedEvent', String(patchedAt));
  const read = await context.product.getBankAccount(account.bankAccountId);
  handle.note('status', read.body?.status ?? `HTTP ${read.status}`);
  if (read.body?.status !== 'active') throw new CandidateFailure(`bank account ${account.bankAccountId} reads ${read.body?.status ?? `HTTP ${read.status}`} after the re-authorisation, not active`);
  return mark;
}

/** REAUTH-07: the transactions booked during the lapse reach Banking Service with status active. */
async function resumePosting(context: FlowContext, account: OnboardedAccount, patched: PatchMark): Promise<void> {
  await context.step('resume-posting', async (handle) => {
    noteAccount(handle, account);
    handle.note('afterEvent', String(patched.afterEvent));
    const settled = await awaitPushSettled(context, account.bankAccountId, { ...patched, expectStatement: true, expectTransactions: BOOKED_DURING_LAPSE });
    handle.note('statementsPosted', String(settled.posted));
    handle.note('statementsCompleted', String(settled.completed));
    handle.note('transactionsStored', String(settled.transactionsStored));
  });
}

/** Consent lapsing may have left other accounts authRequired (one user, several accounts): re-authorise each. */
async function restoreOtherAccounts(context: FlowContext, done: OnboardedAccount): Promise<void> {
  for (const other of context.world.accounts) {
    if (other.bankAccountId === done.bankAccountId || currentStatus(context, other.bankAccountId) !== 'authRequired') continue;
    await context.step('restore-account', (handle) => reauthorise(context, other, context.config.auth.users?.[other.user], handle));
  }
}

function noteAccount(handle: StepHandle, account: OnboardedAccount): void {
  handle.note('bankAccountId', account.bankAccountId);
  handle.note('externalId', account.externalId);
  handle.note('user', account.user);
}
