import type { EvidenceTag } from '../../reference/evidence-tags.ts';

/** Why a statement (or part of it) is refused: the rule broken, where, and what the provider should do. */
export interface RuleViolation {
  /** The rule's id, e.g. `unique-transaction-ids`. */
  readonly rule: string;
  /** The reference anchors the rule implements, e.g. `R2`. */
  readonly anchors: readonly string[];
  readonly evidence: readonly EvidenceTag[];
  /** The policy in force that decided the rule's strictness, when one does. */
  readonly policy?: string;
  /** One sentence naming the field and what to change. */
  readonly message: string;
  /** RFC 6901 pointer into the statement body, e.g. `/data/transactionDetails/3/uniqueId`. */
  readonly pointer: string;
}

export type AccountStatus = 'pending' | 'active' | 'authRequired' | 'cancelled';
export type AuthorisationKind = 'onboarding' | 'reauthorisation';

/** What the connector made of a call Banking Service sent it. Never holds a header value or a token. */
export interface CallOutcome {
  readonly url: string;
  readonly status: number | undefined;
  /** Timeout, refused or dropped connection, oversized or unparseable answer. */
  readonly failure: string | undefined;
  readonly durationMs: number;
  /** True when the answer counts as accepted (policy notification-success-status for notifications). */
  readonly acknowledged: boolean;
  /** The traffic-log record id of the exchange. */
  readonly exchangeId: string | undefined;
}

/**
 * Every state change of the simulator, as data: the second kind of evidence (besides the traffic log) a check
 * reads. Ids are Banking Service ids; no secret ever goes in an event.
 */
export type SimulatorEventBody =
  | { readonly type: 'provider.registered'; readonly clientId: string }
  | { readonly type: 'bank.registered'; readonly bankId: string; readonly externalRef: string; readonly name: string; readonly clientId: string; readonly reused: boolean }
  | { readonly type: 'bank.updated'; readonly bankId: string; readonly fields: readonly string[] }
  | { readonly type: 'bank.removed'; readonly bankId: string }
  | { readonly type: 'organisation.created'; readonly organisationId: string; readonly companyIds: readonly string[] }
  | {
      readonly type: 'authorisation.created';
      readonly authorisationId: string;
      readonly kind: AuthorisationKind;
      readonly bankId: string;
      readonly organisationId: string;
      readonly companyId: string;
      readonly bankAccountId: string | undefined;
      readonly expiresAt: string;
    }
  | {
      readonly type: 'authorisation.patched';
      readonly authorisationId: string;
      readonly kind: AuthorisationKind;
      readonly offeredAccounts: number;
      readonly duplicatesIgnored: number;
      readonly reactivatedBankAccountIds: readonly string[];
    }
  | { readonly type: 'authorisation.refused'; readonly authorisationId: string; readonly code: string; readonly message: string }
  | { readonly type: 'authorisation.expired'; readonly authorisationId: string; readonly kind: AuthorisationKind }
  | {
      readonly type: 'authorisation.returned';
      readonly authorisationId: string;
      /** `matched`: the session's state came back; `wrong`: another value; `missing`: none. */
      readonly state: 'matched' | 'wrong' | 'missing';
      readonly format: 'query-parameter' | 'raw' | 'none';
      readonly accepted: boolean;
    }
  | {
      readonly type: 'account.created';
      readonly bankAccountId: string;
      readonly externalId: string;
      readonly bankId: string;
      readonly organisationId: string;
      readonly companyId: string;
      readonly status: AccountStatus;
      readonly via: 'onboarding' | 'multi-account-link' | 'seed';
    }
  | { readonly type: 'account.status-changed'; readonly bankAccountId: string; readonly from: AccountStatus; readonly to: AccountStatus; readonly cause: string }
  | { readonly type: 'account.deleted'; readonly bankAccountId: string; readonly transactionsDeleted: number }
  | { readonly type: 'statement.received'; readonly bankAccountId: string | undefined; readonly transactionCount: number }
  | { readonly type: 'statement.refused'; readonly bankAccountId: string | undefined; readonly status: number; readonly violations: readonly RuleViolation[] }
  | { readonly type: 'statement.accepted'; readonly statementId: string; readonly bankAccountId: string; readonly transactionCount: number }
  | { readonly type: 'statement.processing'; readonly statementId: string; readonly bankAccountId: string }
  | { readonly type: 'statement.rejected'; readonly statementId: string; readonly bankAccountId: string; readonly reasons: readonly RuleViolation[] }
  | {
      readonly type: 'statement.completed';
      readonly statementId: string;
      readonly bankAccountId: string;
      readonly transactionsStored: number;
      readonly firstTransactionId: number | undefined;
      readonly lastTransactionId: number | undefined;
    }
  | {
      readonly type: 'notification.sent';
      readonly operationId: 'postNotification';
      readonly notificationType: string;
      readonly resourceType: string;
      readonly resourceId: string;
      readonly bankId: string;
      readonly outcome: CallOutcome;
    }
  | { readonly type: 'available-accounts.requested'; readonly bankId: string; readonly externalId: string; readonly outcome: CallOutcome; readonly candidates: number }
  | { readonly type: 'fault.injected'; readonly operationId: string; readonly occurrence: number; readonly fault: string; readonly detail: Readonly<Record<string, string>> }
  | { readonly type: 'rate-limit.exceeded'; readonly operationId: string | undefined; readonly retryAfterSeconds: number };

export type SimulatorEventType = SimulatorEventBody['type'];

export type SimulatorEvent = SimulatorEventBody & {
  readonly seq: number;
  /** ISO 8601 on the simulator's clock. */
  readonly at: string;
};

export type EventOfType<Type extends SimulatorEventType> = Extract<SimulatorEvent, { type: Type }>;
