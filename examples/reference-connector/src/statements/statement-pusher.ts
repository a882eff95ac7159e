import type { FaultSet } from '../faults.ts';
import type { LinkedAccount } from '../linked-accounts.ts';
import type { Logger } from '../log.ts';
import type { BankTransaction, TestBank } from '../test-bank/index.ts';
import type { AccountQueue } from './account-queue.ts';
import { planBatches, selectUnsent, type BatchLimits } from './batcher.ts';
import { buildStatusStatement, buildTransactionStatement } from './statement-builder.ts';
import type { StatementOutcome, StatementPoster } from './statement-poster.ts';
import type { StatementRequest } from './statement-types.ts';

export interface StatementRecord {
  readonly statementId: string | undefined;
  readonly outcome: StatementOutcome['kind'];
  readonly accountStatus: 'active' | 'authRequired';
  readonly transactionCount: number;
  readonly problems?: readonly string[];
}

export interface PushReport {
  readonly bankAccountId: string;
  readonly statements: StatementRecord[];
  /** Why the push ended before sending everything, if it did. */
  stopped: 'offboarded' | 'consent-lapsed' | 'no-start-date' | 'cancelled' | 'rejected' | 'unconfirmed' | 'failed' | undefined;
}

export interface StatementPusherOptions {
  readonly bank: TestBank;
  readonly poster: StatementPoster;
  readonly queue: AccountQueue;
  readonly limits: BatchLimits;
  readonly faults: FaultSet;
  readonly log: Logger;
}

const isDelivered = (outcome: StatementOutcome): boolean => outcome.kind === 'completed' || outcome.kind === 'delivered-earlier' || outcome.kind === 'submitted';

/**
 * Pushes bank accounts' data to Banking Service. Every push runs on the account's lane of the AccountQueue, so
 * one statement is in flight per account while different accounts proceed in parallel (R7) [P-STMT] [F-POST].
 * A push sends what has not been sent yet: the first one the whole history from requestedStartDate, later ones
 * only the new transactions (R13) [U-POST].
 */
export class StatementPusher {
  readonly #options: StatementPusherOptions;

  constructor(options: StatementPusherOptions) {
    this.#options = options;
  }

  /** Sends every cleared transaction of the account not yet delivered, in date-ordered batches. */
  pushUnsent(account: LinkedAccount): Promise<PushReport> {
    return this.#enqueue(account, async (report, signal) => {
      const { bank, limits, faults, poster, log } = this.#options;
      if (account.requestedStartDate === undefined) {
        report.stopped = 'no-start-date';
        return;
      }
      const selected = selectUnsent(bank.transactions(account.externalId), { requestedStartDate: account.requestedStartDate, sentIds: account.sentIds }, faults);
      const lastSent = faults.has('resend-last-accepted-transaction') ? bank.transactions(account.externalId).filter((transaction) => account.sentIds.has(transaction.id)).at(-1) : undefined;
      if (lastSent !== undefined && selected.length > 0) selected.unshift({ ...lastSent, id: `${lastSent.id}-again` });
      const batches = planBatches(selected, limits, faults);
      const withoutBalances = faults.has('no-balances-on-later-pushes') && account.sentIds.size > 0;
      if (faults.has('concurrent-statements')) {
        const outcomes = await Promise.all(batches.map((batch) => poster.submit(this.#transactionStatement(account, batch), { signal, waitForCompletion: false })));
        outcomes.forEach((outcome, index) => this.#record(report, account, outcome, batches[index] ?? []));
        return;
      }
      for (const batch of batches) {
        const reason = this.#mayPost(account);
        if (reason !== undefined) {
          report.stopped = reason;
          return;
        }
        const outcome = await poster.submit(this.#transactionStatement(account, batch, withoutBalances), { signal });
        this.#record(report, account, outcome, batch);
        if (!isDelivered(outcome)) {
          log.error('statement not delivered, push stopped', { bankAccountId: account.bankAccountId, outcome: outcome.kind, problems: 'problems' in outcome ? outcome.problems : undefined });
          report.stopped = outcome.kind === 'rejected' ? 'rejected' : 'unconfirmed';
          return;
        }
      }
    });
  }

  /** A 0-transaction status statement, e.g. authRequired when consent lapsed [U-REAUTH] [BRUNO]. */
  reportStatus(account: LinkedAccount, status: 'active' | 'authRequired'): Promise<PushReport> {
    return this.#enqueue(account, async (report, signal) => {
      const statement = buildStatusStatement({ bankAccountId: account.bankAccountId, bankId: account.bankId, status });
      const outcome = await this.#options.poster.submit(statement, { signal });
      report.statements.push(this.#describe(outcome, status, 0));
      if (!isDelivered(outcome)) report.stopped = outcome.kind === 'rejected' ? 'rejected' : 'unconfirmed';
    }, { evenWithoutConsent: true });
  }

  #enqueue(account: LinkedAccount, work: (report: PushReport, signal: AbortSignal) => Promise<void>, options: { evenWithoutConsent?: boolean } = {}): Promise<PushReport> {
    const { queue, faults, log } = this.#options;
    const job = async (signal: AbortSignal): Promise<PushReport> => {
      const report: PushReport = { bankAccountId: account.bankAccountId, statements: [], stopped: undefined };
      const reason = this.#mayPost(account, options.evenWithoutConsent);
      if (reason !== undefined) {
        report.stopped = reason;
        return report;
      }
      try {
        await work(report, signal);
      } catch (error) {
        if (signal.aborted) {
          report.stopped = 'cancelled';
        } else {
          // E.g. Sage ID refused our credentials: nothing was delivered, the transactions stay unsent.
          log.error('push failed', { bankAccountId: account.bankAccountId, error: error instanceof Error ? error.message : String(error) });
          report.stopped = 'failed';
        }
      }
      log.info('push finished', { bankAccountId: account.bankAccountId, statements: report.statements.length, stopped: report.stopped });
      return report;
    };
    if (faults.has('concurrent-statements')) return job(new AbortController().signal);
    return queue.run(account.bankAccountId, job).catch((error: unknown) => {
      if (account.offboarded) return { bankAccountId: account.bankAccountId, statements: [], stopped: 'cancelled' as const };
      throw error;
    });
  }

  /** Never post for an offboarded account [F-OFF] [CA-OFF]; no data while the user's consent has lapsed. */
  #mayPost(account: LinkedAccount, evenWithoutConsent = false): PushReport['stopped'] {
    if (account.offboarded && !this.#options.faults.has('post-after-offboarding')) return 'offboarded';
    if (!evenWithoutConsent && this.#options.bank.consent(account.owner) !== 'granted') return 'consent-lapsed';
    return undefined;
  }

  #transactionStatement(account: LinkedAccount, batch: readonly BankTransaction[], withoutBalances = false): StatementRequest {
    const { bank, faults } = this.#options;
    const booked = batch.filter((transaction) => transaction.status === 'booked');
    const last = booked.at(-1);
    const first = booked[0];
    let balanceMinor = last === undefined ? bank.currentBalanceMinor(account.externalId) : bank.ledgerAround(account.externalId, last.id).afterMinor;
    if (faults.has('balances-before-transactions') && first !== undefined) balanceMinor = bank.ledgerAround(account.externalId, first.id).beforeMinor;
    const statement = buildTransactionStatement(
      {
        bankAccountId: account.bankAccountId,
        bankId: faults.has('bank-account-id-as-bank-id') ? account.bankAccountId : account.bankId,
        transactions: batch,
        balanceMinor,
        balanceDate: batch.at(-1)?.date ?? new Date().toISOString(),
      },
      faults,
    );
    if (faults.has('external-id-in-transactions')) return { data: { ...statement.data, transactionDetails: statement.data.transactionDetails.map((detail) => ({ ...detail, bankAccountId: account.externalId })) } };
    if (withoutBalances) return { data: { ...statement.data, accountDetails: statement.data.accountDetails.map(({ bankAccountId, status }) => ({ bankAccountId, status })) } };
    return statement;
  }

  #record(report: PushReport, account: LinkedAccount, outcome: StatementOutcome, batch: readonly BankTransaction[]): void {
    report.statements.push(this.#describe(outcome, 'active', batch.length));
    if (isDelivered(outcome)) for (const transaction of batch) account.sentIds.add(transaction.id);
  }

  #describe(outcome: StatementOutcome, accountStatus: 'active' | 'authRequired', transactionCount: number): StatementRecord {
    return {
      statementId: outcome.statementId,
      outcome: outcome.kind,
      accountStatus,
      transactionCount,
      ...('problems' in outcome ? { problems: outcome.problems } : {}),
    };
  }
}
