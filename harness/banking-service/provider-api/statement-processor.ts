import type { Policies } from '../../policies/index.ts';
import type { EventLog } from '../events/index.ts';
import { runRules, type StatementView } from '../rules/index.ts';
import type { SimulatorState, StatementRecord } from '../state/index.ts';

/** "one statement in flight per account" must be observable, so processing takes a while by default [KC-05]. */
export const DEFAULT_STATEMENT_PROCESSING_MS = 25;

export interface StatementProcessorOptions {
  readonly state: SimulatorState<StatementView>;
  readonly events: EventLog;
  readonly policies: Policies;
  readonly processingMs?: number;
}

/**
 * The asynchronous half of POST /v1/statements [P-STMT]: accepted → processing at once, then after
 * `processingMs` the processing rules run and the statement is completed (transactions stored, status and
 * balances applied) or rejected with its reasons, changing nothing [APPLY] [KC-04] [KC-05].
 */
export class StatementProcessor {
  private readonly timers = new Set<NodeJS.Timeout | NodeJS.Immediate>();
  private readonly processingMs: number;
  private closed = false;

  constructor(private readonly options: StatementProcessorOptions) {
    this.processingMs = options.processingMs ?? DEFAULT_STATEMENT_PROCESSING_MS;
    if (!Number.isFinite(this.processingMs) || this.processingMs < 0) throw new Error(`statementProcessingMs must be >= 0 (got ${this.processingMs})`);
  }

  accept(record: StatementRecord): void {
    const started = setImmediate(() => {
      this.timers.delete(started);
      if (this.closed) return;
      this.options.state.statements.markProcessing(record.id);
      this.options.events.append({ type: 'statement.processing', statementId: record.id, bankAccountId: record.bankAccountId });
      const finished = setTimeout(() => {
        this.timers.delete(finished);
        if (!this.closed) this.finish(record.id);
      }, this.processingMs);
      this.timers.add(finished);
    });
    this.timers.add(started);
  }

  /** Stops every pending timer; statements in flight stay where they are. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) {
      clearTimeout(timer as NodeJS.Timeout);
      clearImmediate(timer as NodeJS.Immediate);
    }
    this.timers.clear();
  }

  private finish(statementId: string): void {
    const { state, events, policies } = this.options;
    const record = state.statements.get(statementId);
    const statement = state.statements.payloadOf(statementId);
    if (!record || !statement) return;
    const account = state.accounts.get(record.bankAccountId);
    const outcome = runRules('processing', statement, {
      policies,
      callerClientId: record.clientId,
      account,
      bank: account ? state.banks.get(account.bankId) : undefined,
      inFlight: undefined,
      acceptedUniqueIds: state.transactions.acceptedUniqueIds(record.bankAccountId),
      previousLedgerBalance: account?.ledgerBalance,
    });
    if (outcome.violations.length > 0 || !account) {
      state.statements.reject(statementId, outcome.violations);
      events.append({ type: 'statement.rejected', statementId, bankAccountId: record.bankAccountId, reasons: outcome.violations });
      return;
    }

    const stored = state.transactions.append(
      account.id,
      statement.transactionDetails.map((transaction) => ({ uniqueId: transaction.uniqueId ?? '', fields: transaction.fields })),
    );
    const ledger = statement.accountDetails[0]?.balances?.ledgerBalance;
    if (ledger !== undefined) state.accounts.setLedgerBalance(account.id, ledger);
    state.statements.complete(statementId, { firstTransactionId: stored[0]?.transactionId, lastTransactionId: stored.at(-1)?.transactionId });
    events.append({
      type: 'statement.completed',
      statementId,
      bankAccountId: account.id,
      transactionsStored: stored.length,
      firstTransactionId: stored[0]?.transactionId,
      lastTransactionId: stored.at(-1)?.transactionId,
    });
    this.applyStatus(account.id, statement.accountDetails[0]?.status, stored.length, statementId);
  }

  /** The reported status takes effect once the statement is completed [U-REAUTH] [KC-12]; activation per policy account-activation [F-POST]. */
  private applyStatus(bankAccountId: string, reported: string | undefined, stored: number, statementId: string): void {
    const { state, policies } = this.options;
    const account = state.accounts.get(bankAccountId);
    if (!account || account.status === 'cancelled') return;
    if (reported === 'authRequired') {
      state.changeAccountStatus(bankAccountId, 'authRequired', `statement ${statementId} reported authRequired [U-REAUTH]`);
      return;
    }
    if (account.status !== 'pending') return;
    const activation = policies['account-activation'];
    if (activation === 'first-accepted-statement' || (activation === 'first-transactions' && stored > 0)) {
      state.changeAccountStatus(bankAccountId, 'active', `statement ${statementId} completed (policy account-activation = ${activation}) [F-POST]`);
    }
  }
}
