import type { FaultSet } from './faults.ts';
import type { LinkedAccounts } from './linked-accounts.ts';
import type { Logger } from './log.ts';
import { jsonReply, type Reply, type RequestContext, type Route } from './server.ts';
import type { PushReport, StatementPusher } from './statements/index.ts';
import type { TestBank } from './test-bank/index.ts';

export interface TestControlDeps {
  readonly bank: TestBank;
  readonly linked: LinkedAccounts;
  readonly pusher: StatementPusher;
  readonly faults: FaultSet;
  readonly log: Logger;
  /** Moves the connector's clock for authorisation sessions forward (to age an authorisation past 20 minutes). */
  readonly advanceClock: (seconds: number) => number;
}

const MAX_NEW_TRANSACTIONS = 5_000;

async function readJsonObject(context: RequestContext): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = JSON.parse((await context.readBody(65_536)).toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function summary(reports: readonly PushReport[]): Reply {
  const statements = reports.flatMap((report) => report.statements.map((statement) => ({ bankAccountId: report.bankAccountId, ...statement })));
  const accepted = statements.every((statement) => statement.outcome === 'completed' || statement.outcome === 'delivered-earlier' || statement.outcome === 'submitted');
  return jsonReply(200, {
    allAccepted: accepted && reports.every((report) => report.stopped === undefined),
    statements,
    pushes: reports.map((report) => ({ bankAccountId: report.bankAccountId, stopped: report.stopped ?? null })),
  });
}

/**
 * Hooks the kit uses to make the test bank do what a real bank does on its own (consent lapsing, new
 * transactions, a new account). Mounted only with TEST_CONTROL=on. The statement-producing hooks answer once
 * Banking Service has completed (or rejected) every resulting statement, so the kit can await them without
 * sleeping.
 */
export function testControlRoutes(deps: TestControlDeps): Route[] {
  const { bank, linked, pusher, faults, log } = deps;
  const accountFrom = async (context: RequestContext): Promise<{ externalId: string; owner: string; body: Record<string, unknown> } | Reply> => {
    const body = await readJsonObject(context);
    if (body === undefined) return jsonReply(400, { error: 'malformed-body', message: 'the body must be a JSON object' });
    const externalId = typeof body.externalId === 'string' ? body.externalId : '';
    const account = externalId === '' ? undefined : bank.account(externalId);
    if (account === undefined) return jsonReply(404, { error: 'unknown-external-id', message: 'externalId names no account of the test bank' });
    return { externalId, owner: account.owner, body };
  };

  return [
    {
      method: 'POST',
      path: '/test-control/revoke-consent',
      handler: async (context) => {
        const target = await accountFrom(context);
        if ('status' in target) return target;
        bank.revokeConsent(target.owner);
        log.info('test control: consent revoked', { externalId: target.externalId });
        // The bank tells Banking Service at once: a status-only authRequired statement per linked account [U-REAUTH].
        if (faults.has('no-auth-required-statement')) return summary([]);
        return summary(await Promise.all(linked.activeForOwner(target.owner).map((account) => pusher.reportStatus(account, 'authRequired'))));
      },
    },
    {
      method: 'POST',
      path: '/test-control/new-transactions',
      handler: async (context) => {
        const target = await accountFrom(context);
        if ('status' in target) return target;
        const count = target.body.count ?? 1;
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_NEW_TRANSACTIONS) {
          return jsonReply(400, { error: 'invalid-count', message: `count must be an integer from 1 to ${MAX_NEW_TRANSACTIONS}` });
        }
        const booked = bank.bookTransactions(target.externalId, count, new Date());
        log.info('test control: transactions booked', { externalId: target.externalId, cleared: count, pending: booked.length - count });
        const targets = faults.has('post-after-offboarding') ? linked.allFor(target.externalId) : linked.activeFor(target.externalId);
        const reply = summary(await Promise.all(targets.map((account) => pusher.pushUnsent(account))));
        return { ...reply, json: { booked: booked.map((transaction) => ({ id: transaction.id, status: transaction.status, date: transaction.date })), ...(reply.json as object) } };
      },
    },
    {
      method: 'POST',
      path: '/test-control/add-account',
      handler: async (context) => {
        const target = await accountFrom(context);
        if ('status' in target) return target;
        const added = bank.addAccount(target.owner);
        log.info('test control: account added', { externalId: added.externalId });
        return jsonReply(200, { account: added });
      },
    },
    {
      method: 'POST',
      path: '/test-control/advance-clock',
      handler: async (context) => {
        const body = await readJsonObject(context);
        const seconds = body?.seconds;
        if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > 7 * 86_400) {
          return jsonReply(400, { error: 'invalid-seconds', message: 'seconds must be a number from 0 to 604800' });
        }
        return jsonReply(200, { clockOffsetSeconds: deps.advanceClock(seconds) });
      },
    },
    {
      method: 'GET',
      path: '/test-control/state',
      handler: () =>
        jsonReply(200, {
          users: bank.usernames.map((username) => ({
            username,
            consent: bank.consent(username),
            accounts: bank.accountsOf(username).map((account) => account.externalId),
          })),
          linkedAccounts: linked.all().map((account) => ({
            bankAccountId: account.bankAccountId,
            externalId: account.externalId,
            requestedStartDate: account.requestedStartDate ?? null,
            offboarded: account.offboarded,
            sentTransactions: account.sentIds.size,
          })),
        }),
    },
  ];
}
