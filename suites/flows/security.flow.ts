import { randomUUID } from 'node:crypto';
import type { Bank } from '../../harness/banking-service/state/index.ts';
import type { TestUser } from '../../harness/config/index.ts';
import type { ProductClient } from '../../harness/product/index.ts';
import { attemptAuthorisation, craftedAuthRefreshUrl, craftedAuthUrl } from './auth-attempts.ts';
import { BankingServiceTokens } from './banking-service-tokens.ts';
import { describeAnswer, sendAsBankingService } from './crafted-calls.ts';
import type { FlowContext, FlowDriver } from './flow-driver.ts';
import {
  completeAuthorisation,
  createKitProduct,
  daysAgo,
  findBankOrSkipRest,
  onboardAccount,
  openOnboarding,
  openReauthorisation,
  testUser,
  type KitAccount,
  type OpenedAuthorisation,
} from './kit-onboarding.ts';
import {
  freshAuthorisationNotification,
  malformedBodies,
  notificationHeaders,
  notificationTarget,
  sendNotification,
  settlePushes,
  unknownTypeBodies,
  type NotificationTarget,
} from './notification-probes.ts';
import {
  AVAILABLE_ACCOUNTS_PROBES,
  FOLLOW_UP_PROBE,
  HEADER_PROBES,
  NOTE,
  PROBE_ANNOTATION,
  PROBE_RESOURCE_ANNOTATION,
  REFUSED_BANK_ACCOUNT_PROBE,
  REPEAT_PROBE,
  SECURITY_STEPS,
  TOKEN_PROBES,
  type TokenProbe,
} from './probe-names.ts';

/** "More than 20 minutes" [SEC] plus a minute of margin for clocks that are not quite in step. */
export const EXPIRED_AUTHORISATION_SECONDS = 21 * 60;

const NO_ACCOUNT = `the kit has no onboarded account of its own (step ${SECURITY_STEPS.onboard} did not succeed)`;

/**
 * Security: the kit plays Banking Service with something deliberately wrong and the user's browser with ids the
 * connector must not honour, and records what the connector did. Runs after the other flows (it disturbs the
 * candidate: the last step moves its clock forward) and sets up its own organisation and account, so it needs
 * nothing from them but a registered bank.
 */
export const securityFlow: FlowDriver = {
  id: 'security',
  title: 'security',
  async run(context) {
    const bank = await findBankOrSkipRest(context, { find: SECURITY_STEPS.findBank, rest: Object.values(SECURITY_STEPS).filter((step) => step !== SECURITY_STEPS.findBank) });
    if (!bank) return;
    const target = notificationTarget(context, bank);
    const tokens = new BankingServiceTokens(context.simulator);
    const user = testUser(context, 'singleAccount');

    const setup = await context.step(SECURITY_STEPS.onboard, async (handle) => {
      const product = await createKitProduct(context, 'Kit Security Company');
      const account = await onboardAccount(context, { product, bankId: bank.principalId, user, requestedStartDate: daysAgo(3) });
      handle.note(NOTE.authorisationId, account.onboarding.authorisationId);
      handle.note(NOTE.bankAccountId, account.bankAccountId);
      handle.note(NOTE.externalId, account.externalId);
      return { product, account };
    });
    const account = setup?.account;

    const reauthorisation = setup
      ? await context.step(SECURITY_STEPS.reauthorise, async (handle) => {
          const opened = await openReauthorisation(context, setup.product, setup.account.bankAccountId);
          handle.note(NOTE.authorisationId, opened.authorisationId);
          await completeAuthorisation(context, opened, 'getAuthRefresh', user);
          return opened;
        })
      : (context.skip(SECURITY_STEPS.reauthorise, NO_ACCOUNT), undefined);

    await probeProviderHeader(context, target, tokens);
    await probeTokens(context, target, tokens);
    await probeRefusedEffects(context, bank, target, tokens, account, user);
    await probeUnannounced(context, bank, account, user);
    await probeReplayed(context, account, reauthorisation, user);
    await probeMalformed(context, target, tokens);
    await probeUnknownTypes(context, target, tokens, account);
    await probeRepeated(context, target, tokens, account);
    await probeAvailableAccounts(context, bank, target, tokens, account);
    await probeExpired(context, bank, setup, user);
  },
};

/** SEC-01: the provider header missing or wrong, everything else right. */
async function probeProviderHeader(context: FlowContext, target: NotificationTarget, tokens: BankingServiceTokens): Promise<void> {
  await context.step(SECURITY_STEPS.headerProbes, async (handle) => {
    const token = await tokens.valid();
    for (const probe of HEADER_PROBES) {
      const { id, body } = freshAuthorisationNotification(target.bankId);
      const headers = notificationHeaders(target, token, { providerHeader: probe === 'missing-provider-header' ? 'missing' : 'wrong' });
      const record = await sendNotification(context, target, { probe, headers, body, resourceId: id });
      handle.note(probe, record.id);
      context.progress(`${probe}: ${describeAnswer(record)}`);
    }
  });
}

/** SEC-02: the Sage ID token missing, foreign, expired or for another audience, the provider header right. */
async function probeTokens(context: FlowContext, target: NotificationTarget, tokens: BankingServiceTokens): Promise<void> {
  await context.step(SECURITY_STEPS.tokenProbes, async (handle) => {
    const wrongTokens: Record<TokenProbe, () => Promise<string | undefined>> = {
      'missing-token': async () => undefined,
      'token-signed-by-another-key': () => tokens.signedByAnotherKey(),
      'expired-token': () => tokens.expired(),
      'token-for-another-audience': () => tokens.forAnotherAudience(),
    };
    for (const probe of TOKEN_PROBES) {
      const { id, body } = freshAuthorisationNotification(target.bankId);
      const record = await sendNotification(context, target, { probe, headers: notificationHeaders(target, await wrongTokens[probe]()), body, resourceId: id });
      handle.note(probe, record.id);
      context.progress(`${probe}: ${describeAnswer(record)}`);
    }
  });
}

/**
 * SEC-03: every authorisation id announced only by a notification the connector refused is tried on /auth, and a
 * refused bank-account-created notification for an account nobody created is given the chance to start a push.
 */
async function probeRefusedEffects(context: FlowContext, bank: Bank, target: NotificationTarget, tokens: BankingServiceTokens, account: KitAccount | undefined, user: TestUser | undefined): Promise<void> {
  await context.step(SECURITY_STEPS.refusedEffects, async (handle) => {
    const probes = new Set<string>([...HEADER_PROBES, ...TOKEN_PROBES]);
    const refused = context.simulator.traffic
      .all()
      .filter((record) => probes.has(record.annotations[PROBE_ANNOTATION] ?? '') && record.response !== undefined && record.response.status >= 400 && record.response.status < 500);
    for (const record of refused) {
      const authorisationId = record.annotations[PROBE_RESOURCE_ANNOTATION] ?? '';
      await attemptAuthorisation(context, handle, { label: `after-${record.annotations[PROBE_ANNOTATION]}`, operationId: 'getAuth', opened: craftedAuthUrl(context, bank, authorisationId), user });
    }
    if (!account) return;
    const bankAccountId = randomUUID();
    const body = {
      type: 'resourceCreated',
      resource: { id: bankAccountId, type: 'bankAccount', url: 'NA' },
      additionalData: { externalId: account.externalId, requestedStartDate: daysAgo(30), bankId: bank.principalId },
    };
    const record = await sendNotification(context, target, {
      probe: REFUSED_BANK_ACCOUNT_PROBE,
      headers: notificationHeaders(target, await tokens.valid(), { providerHeader: 'wrong' }),
      body,
      resourceId: bankAccountId,
    });
    handle.note(NOTE.refusedBankAccountId, bankAccountId);
    context.progress(`${REFUSED_BANK_ACCOUNT_PROBE}: ${describeAnswer(record)}`);
    handle.note(NOTE.barrier, await settlePushes(context, { externalId: account.externalId, watchBankAccountId: bankAccountId }));
  });
}

/** SEC-04: ids no notification announced, on /auth and on /authrefresh. */
async function probeUnannounced(context: FlowContext, bank: Bank, account: KitAccount | undefined, user: TestUser | undefined): Promise<void> {
  await context.step(SECURITY_STEPS.unannounced, async (handle) => {
    await attemptAuthorisation(context, handle, { label: 'unannounced-auth', operationId: 'getAuth', opened: craftedAuthUrl(context, bank, randomUUID()), user });
    if (account) {
      const opened = craftedAuthRefreshUrl(context, bank, account, randomUUID());
      await attemptAuthorisation(context, handle, { label: 'unannounced-authrefresh', operationId: 'getAuthRefresh', opened, user });
    }
  });
}

/** SEC-05: the exact /auth and /authrefresh URLs of sessions that completed, a second time. */
async function probeReplayed(context: FlowContext, account: KitAccount | undefined, reauthorisation: OpenedAuthorisation | undefined, user: TestUser | undefined): Promise<void> {
  if (!account) {
    context.skip(SECURITY_STEPS.replayed, NO_ACCOUNT);
    return;
  }
  await context.step(SECURITY_STEPS.replayed, async (handle) => {
    await attemptAuthorisation(context, handle, { label: 'replayed-auth', operationId: 'getAuth', opened: account.onboarding, user });
    if (reauthorisation) await attemptAuthorisation(context, handle, { label: 'replayed-authrefresh', operationId: 'getAuthRefresh', opened: reauthorisation, user });
  });
}

/** SEC-07: authenticated notifications that are not notifications, then a well-formed one. */
async function probeMalformed(context: FlowContext, target: NotificationTarget, tokens: BankingServiceTokens): Promise<void> {
  await context.step(SECURITY_STEPS.malformed, async (handle) => {
    const token = await tokens.valid();
    for (const { probe, body } of malformedBodies(target.bankId)) {
      const record = await sendNotification(context, target, { probe, headers: notificationHeaders(target, token), body });
      handle.note(probe, record.id);
    }
    const { id, body } = freshAuthorisationNotification(target.bankId);
    const followUp = await sendNotification(context, target, { probe: FOLLOW_UP_PROBE, headers: notificationHeaders(target, token), body, resourceId: id });
    handle.note(FOLLOW_UP_PROBE, followUp.id);
    context.progress(`${FOLLOW_UP_PROBE}: ${describeAnswer(followUp)}`);
  });
}

/** SEC-09: authenticated, well-formed notifications of kinds no source documents. */
async function probeUnknownTypes(context: FlowContext, target: NotificationTarget, tokens: BankingServiceTokens, account: KitAccount | undefined): Promise<void> {
  await context.step(SECURITY_STEPS.unknownTypes, async (handle) => {
    const token = await tokens.valid();
    for (const { probe, body, resourceId } of unknownTypeBodies(target.bankId, account)) {
      const record = await sendNotification(context, target, { probe, headers: notificationHeaders(target, token), body, resourceId });
      handle.note(probe, record.id);
      context.progress(`${probe}: ${describeAnswer(record)}`);
    }
  });
}

/** SEC-08: the simulator's bank-account-created notification delivered a second time, between two settled pushes. */
async function probeRepeated(context: FlowContext, target: NotificationTarget, tokens: BankingServiceTokens, account: KitAccount | undefined): Promise<void> {
  if (!account) {
    context.skip(SECURITY_STEPS.repeated, NO_ACCOUNT);
    return;
  }
  await context.step(SECURITY_STEPS.repeated, async (handle) => {
    const original = context.simulator.traffic.all().find((record) => {
      const body = record.request.body as { type?: unknown; resource?: { id?: unknown; type?: unknown } } | undefined;
      return record.from === 'banking-service' && record.operationId === 'postNotification' && record.annotations[PROBE_ANNOTATION] === undefined
        && body?.type === 'resourceCreated' && body.resource?.type === 'bankAccount' && body.resource.id === account.bankAccountId;
    });
    if (!original) throw new Error(`the simulator's bank-account-created notification for ${account.bankAccountId} is not in the traffic log`);
    handle.note(NOTE.bankAccountId, account.bankAccountId);
    handle.note('original', original.id);
    handle.note('settledBefore', await settlePushes(context, { externalId: account.externalId }));
    const repeat = await sendNotification(context, target, { probe: REPEAT_PROBE, headers: notificationHeaders(target, await tokens.valid()), body: original.request.body, resourceId: account.bankAccountId });
    handle.note(REPEAT_PROBE, repeat.id);
    context.progress(`${REPEAT_PROBE}: ${describeAnswer(repeat)}`);
    handle.note('settledAfter', await settlePushes(context, { externalId: account.externalId, watchBankAccountId: account.bankAccountId }));
  });
}

/** SEC-12: /availableaccounts with everything, without the token, without the provider header. */
async function probeAvailableAccounts(context: FlowContext, bank: Bank, target: NotificationTarget, tokens: BankingServiceTokens, account: KitAccount | undefined): Promise<void> {
  if (!context.config.capabilities.has('multi-account-linking')) {
    context.skip(SECURITY_STEPS.availableAccounts, 'the candidate does not declare capability multi-account-linking');
    return;
  }
  const endpoint = bank.callbackURLs.availableAccounts;
  if (endpoint === undefined || !account) {
    context.skip(SECURITY_STEPS.availableAccounts, endpoint === undefined ? 'the bank registered no availableAccounts callback URL' : NO_ACCOUNT);
    return;
  }
  await context.step(SECURITY_STEPS.availableAccounts, async (handle) => {
    const url = new URL(endpoint);
    url.searchParams.set('externalId', account.externalId);
    const token = await tokens.valid();
    const variants = [
      { probe: AVAILABLE_ACCOUNTS_PROBES.control, headers: notificationHeaders(target, token) },
      { probe: AVAILABLE_ACCOUNTS_PROBES.withoutToken, headers: notificationHeaders(target, undefined) },
      { probe: AVAILABLE_ACCOUNTS_PROBES.withoutHeader, headers: notificationHeaders(target, token, { providerHeader: 'missing' }) },
    ];
    for (const { probe, headers } of variants) {
      const record = await sendAsBankingService(context, { method: 'GET', url: url.toString(), operationId: 'getAvailableAccounts', headers, probe, resourceId: account.externalId });
      handle.note(probe, record.id);
      context.progress(`${probe}: ${describeAnswer(record)}`);
    }
  });
}

/**
 * SEC-06: a genuine onboarding and re-authorisation are opened (the connector is notified), the connector's clock
 * is moved past the ~20 minute lifetime with the clock-control hook, and only then is the browser sent. Last,
 * because every id the connector holds is stale afterwards.
 */
async function probeExpired(context: FlowContext, bank: Bank, setup: { readonly product: ProductClient; readonly account: KitAccount } | undefined, user: TestUser | undefined): Promise<void> {
  if (!context.config.capabilities.has('clock-control-hook') || !context.hooks.has('advanceClock')) {
    context.skip(SECURITY_STEPS.expired, 'the candidate does not declare capability clock-control-hook with an advanceClock hook');
    return;
  }
  if (!setup) {
    context.skip(SECURITY_STEPS.expired, NO_ACCOUNT);
    return;
  }
  await context.step(SECURITY_STEPS.expired, async (handle) => {
    const onboarding = await openOnboarding(context, setup.product, bank.principalId);
    const reauthorisation = await openReauthorisation(context, setup.product, setup.account.bankAccountId);
    await context.hooks.call('advanceClock', { seconds: EXPIRED_AUTHORISATION_SECONDS });
    handle.note(NOTE.clockAdvancedSeconds, String(EXPIRED_AUTHORISATION_SECONDS));
    await attemptAuthorisation(context, handle, { label: 'expired-auth', operationId: 'getAuth', opened: onboarding, user });
    await attemptAuthorisation(context, handle, { label: 'expired-authrefresh', operationId: 'getAuthRefresh', opened: reauthorisation, user });
  });
}
