import { sendRequest } from '../../harness/http/index.ts';
import type { TestUser } from '../../harness/config/index.ts';
import type { PolledAccount } from '../../harness/product/index.ts';
import type { FlowContext, FlowDriver } from './flow-driver.ts';
import { CandidateFailure } from './flow-step.ts';
import type { OnboardedAccount } from './run-world.ts';

/**
 * TEST SUPPORT ONLY — not a flow of a certification run. The posting and re-authorisation flows take their
 * accounts from `context.world`, which the real bank-sync and onboarding flows fill. Until those land (and so the
 * posting and re-authorisation tests do not depend on files in flux), the tests of this folder drive this minimal
 * stand-in instead: it finds the bank the candidate registered, creates the organisation and onboards the
 * multi-account user (two accounts under one authorisation) and the single-account user, as [BRUNO] 1–12 do.
 */
export interface KitTestOnboardingOptions {
  /** How far back the requested start date lies; the real onboarding flow uses about 60 days. */
  readonly historyDays?: number;
  /** How many of the multi-account user's offered accounts to create (1–3 for the reference connector). */
  readonly multiAccountCount?: number;
  /** Onboard the single-account user too (default true). */
  readonly singleAccountUser?: boolean;
}

const DAY_MS = 86_400_000;

export function kitTestOnboardingFlow(options: KitTestOnboardingOptions = {}): FlowDriver {
  const historyDays = options.historyDays ?? 60;
  const multiAccountCount = options.multiAccountCount ?? 2;
  return {
    id: 'onboarding',
    title: 'onboarding (kit test stand-in)',
    async run(context) {
      const ready = await context.step('kit-test-setup', async (handle) => {
        const bank = await context.simulator.events.waitForType('bank.registered', (event) => event.clientId === context.simulator.credentials.clientId, {
          timeoutMs: context.config.timeouts.flowStepMs,
          description: 'the candidate registering its bank',
        });
        context.world.bankId = bank.bankId;
        const organisation = await context.product.createOrganisation();
        if (organisation.status !== 201) throw new Error(`POST /organisations answered ${organisation.status}`);
        const token = await context.product.accessToken();
        if (token.status !== 200) throw new Error(`GET /accesstoken answered ${token.status}`);
        context.world.organisationId = context.product.company?.organisationId;
        context.world.companyId = context.product.company?.companyId;
        handle.note('bankId', bank.bankId);
        return true;
      });
      if (!ready) return;
      // Exactly `historyDays` back rather than at midnight: the reference connector's test bank dates its history
      // from its own start, so the same transactions fall in the window whatever the time of day (stable batches).
      const requestedStartDate = new Date(Date.now() - historyDays * DAY_MS).toISOString();
      const users = context.config.auth.users;
      if (users?.multiAccount) await onboardUser(context, 'multiAccount', users.multiAccount, multiAccountCount, requestedStartDate);
      if (users?.singleAccount && options.singleAccountUser !== false) await onboardUser(context, 'singleAccount', users.singleAccount, 1, requestedStartDate);
    },
  };
}

async function onboardUser(context: FlowContext, role: OnboardedAccount['user'], user: TestUser, count: number, requestedStartDate: string): Promise<void> {
  await context.step('kit-test-onboard', async (handle) => {
    const bankId = context.world.bankId ?? '';
    const start = await context.product.startOnboarding(bankId);
    const startUrl = start.body?.redirect ?? start.headers['location'];
    if (start.status !== 302 || !startUrl || !start.body?.pollRoute) throw new Error(`indirectlinkaccount answered ${start.status}`);
    const redirectUri = new URL(startUrl).searchParams.get('redirect_uri') ?? '';
    const drive = await context.authDriver.run({
      startUrl,
      returnUrlPrefix: redirectUri,
      user,
      timeoutMs: context.config.timeouts.flowStepMs,
      traffic: context.simulator.traffic,
      operationId: 'getAuth',
    });
    if (drive.outcome !== 'returned' || !drive.returnUrl) throw new CandidateFailure(`onboarding ${role}: ${drive.message}`);
    await sendRequest({ method: 'GET', url: drive.returnUrl, timeoutMs: context.config.timeouts.requestMs });
    const authorisationId = new URL(startUrl).searchParams.get('authorisation_id') ?? '';
    // The product polls until the PATCH is in; awaiting the PATCH first means one poll answers.
    await context.simulator.events.waitForType('authorisation.patched', (event) => event.authorisationId === authorisationId, {
      timeoutMs: context.config.timeouts.flowStepMs,
      description: `the onboarding PATCH of authorisation ${authorisationId}`,
    });
    const poll = await context.product.poll(start.body.pollRoute);
    if (poll.status !== 200) throw new Error(`poll answered ${poll.status}`);
    const offered: readonly PolledAccount[] = poll.body?.accounts ?? (poll.body?.account ? [poll.body.account] : []);
    for (const account of offered.slice(0, count)) {
      const created = await context.product.createBankAccount({
        accountName: account.accountName,
        accountIdentifier: account.accountIdentifier,
        bankIdentifier: account.bankIdentifier,
        ...(account.branchIdentifier ? { branchIdentifier: account.branchIdentifier } : {}),
        defaultCurrency: 'GBP',
        bankId,
        requestedStartDate,
      });
      if (created.status !== 201 || !created.body) throw new Error(`POST /bankaccounts answered ${created.status}`);
      context.world.accounts.push({ bankAccountId: created.body.bankAccountId, externalId: account.bankAccountExternalId, requestedStartDate, user: role, via: 'onboarding' });
      handle.note(account.bankAccountExternalId, created.body.bankAccountId);
    }
  });
}
