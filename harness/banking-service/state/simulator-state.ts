import type { AccountStatus, EventLog } from '../events/index.ts';
import { AuthorisationSessions, type AuthorisationSession } from './authorisation-sessions.ts';
import { BankAccountStore, type BankAccount } from './bank-accounts.ts';
import { BankRegistry, type Bank } from './bank-registry.ts';
import type { Clock } from './clock.ts';
import { LinkCandidateStore } from './link-candidates.ts';
import { OrganisationStore, type Organisation } from './organisations.ts';
import { ProductApplicationRegistry } from './product-applications.ts';
import { ProviderClientRegistry } from './provider-clients.ts';
import { StatementStore, type StatementRecord } from './statement-store.ts';
import { TransactionStore, type StoredTransaction } from './transaction-store.ts';

/** What tests, checks and the sandbox may read. Nothing here mutates the simulator. */
export interface StateView {
  banks(): readonly Bank[];
  bank(principalId: string): Bank | undefined;
  organisations(): readonly Organisation[];
  bankAccounts(): readonly BankAccount[];
  bankAccount(id: string): BankAccount | undefined;
  authorisations(): readonly AuthorisationSession[];
  authorisation(id: string): AuthorisationSession | undefined;
  statements(): readonly StatementRecord[];
  statement(id: string): StatementRecord | undefined;
  transactions(bankAccountId: string): readonly StoredTransaction[];
  transactionCount(): number;
}

/**
 * Every store of the simulated Banking Service plus the few mutations that must always emit an event, so no
 * status change can happen without evidence of it.
 */
export class SimulatorState<StatementPayload> {
  readonly banks = new BankRegistry();
  readonly organisations = new OrganisationStore();
  readonly providers = new ProviderClientRegistry();
  readonly applications = new ProductApplicationRegistry();
  readonly candidates = new LinkCandidateStore();
  readonly transactions = new TransactionStore();
  readonly authorisations: AuthorisationSessions;
  readonly accounts: BankAccountStore;
  readonly statements: StatementStore<StatementPayload>;

  constructor(
    readonly clock: Clock,
    readonly events: EventLog,
    options: { authorisationLifetimeMs?: number } = {},
  ) {
    this.authorisations = new AuthorisationSessions(clock, options.authorisationLifetimeMs);
    this.accounts = new BankAccountStore(clock);
    this.statements = new StatementStore<StatementPayload>(clock);
  }

  /** Moves an account along the status machine and records why; a no-op (same status) records nothing. */
  changeAccountStatus(bankAccountId: string, to: AccountStatus, cause: string): boolean {
    const from = this.accounts.transition(bankAccountId, to);
    if (from === undefined) return false;
    this.events.append({ type: 'account.status-changed', bankAccountId, from, to, cause });
    return true;
  }

  /** Records the sessions that expired since the last look; called on every request that touches sessions. */
  sweepAuthorisations(): void {
    for (const session of this.authorisations.sweep()) {
      this.events.append({ type: 'authorisation.expired', authorisationId: session.id, kind: session.kind });
    }
  }

  view(): StateView {
    return {
      banks: () => this.banks.list(),
      bank: (principalId) => this.banks.get(principalId),
      organisations: () => this.organisations.list(),
      bankAccounts: () => this.accounts.list(),
      bankAccount: (id) => this.accounts.get(id),
      authorisations: () => {
        this.sweepAuthorisations();
        return this.authorisations.list();
      },
      authorisation: (id) => {
        this.sweepAuthorisations();
        return this.authorisations.get(id);
      },
      statements: () => this.statements.list(),
      statement: (id) => this.statements.get(id),
      transactions: (bankAccountId) => this.transactions.page(bankAccountId, 0, Number.MAX_SAFE_INTEGER).transactions,
      transactionCount: () => this.transactions.totalCount(),
    };
  }
}
