import type { Policies, PolicyId } from '../../policies/index.ts';
import type { EvidenceTag } from '../../reference/evidence-tags.ts';
import type { RuleViolation } from '../events/index.ts';
import type { BankAccount, Bank } from '../state/index.ts';
import type { StatementRecord } from '../state/index.ts';
import type { StatementView } from './statement-view.ts';

/**
 * When a rule is checked [KC-04]: `at-post` rules answer the POST itself (4xx, nothing stored); `processing` rules
 * run when the statement is processed and reject it asynchronously with reasons.
 */
export type RulePhase = 'at-post' | 'processing';

export interface RuleContext {
  readonly policies: Policies;
  /** The Sage ID client that sent the statement. */
  readonly callerClientId: string;
  /** The account named by accountDetails[0].bankAccountId, when it exists. */
  readonly account: BankAccount | undefined;
  readonly bank: Bank | undefined;
  /** Another statement of the account that is accepted or processing (at POST), or undefined. */
  readonly inFlight: StatementRecord | undefined;
  /** uniqueIds the account has accepted before [APPLY]. */
  readonly acceptedUniqueIds: ReadonlySet<string>;
  /** ledgerBalance of the account's newest completed statement that carried one [KC-11]. */
  readonly previousLedgerBalance: number | undefined;
}

export interface StatementRule {
  /** Stable, kebab-case, used as `rule` in every violation, e.g. `unique-transaction-ids`. */
  readonly id: string;
  /** Reference anchors: the §10 rule ids (R2) or the kit contract it enforces. */
  readonly anchors: readonly string[];
  readonly evidence: readonly EvidenceTag[];
  /** The policy whose value in force decides how strict the rule is. */
  readonly policy?: PolicyId;
  readonly phases: readonly RulePhase[];
  /** The HTTP status when the rule refuses a POST (KC-06). */
  readonly refusalStatus: 403 | 404 | 409 | 422;
  check(statement: StatementView, context: RuleContext): RuleViolation[];
}

/** At most this many violations per rule per statement, then one line counting the rest: a reason must stay readable. */
export const MAX_VIOLATIONS_PER_RULE = 10;

export function violationOf(rule: Pick<StatementRule, 'id' | 'anchors' | 'evidence' | 'policy'>, message: string, pointer: string): RuleViolation {
  return {
    rule: rule.id,
    anchors: rule.anchors,
    evidence: rule.evidence,
    ...(rule.policy ? { policy: rule.policy } : {}),
    message,
    pointer,
  };
}

/** Caps a rule's violations, adding a count of what was left out. */
export function capped(rule: Pick<StatementRule, 'id' | 'anchors' | 'evidence' | 'policy'>, violations: RuleViolation[]): RuleViolation[] {
  if (violations.length <= MAX_VIOLATIONS_PER_RULE) return violations;
  const rest = violations.length - MAX_VIOLATIONS_PER_RULE;
  return [...violations.slice(0, MAX_VIOLATIONS_PER_RULE), violationOf(rule, `${rest} more transaction(s) break the same rule`, '/data/transactionDetails')];
}

/** Amounts are compared to half a minor unit [KC-20]. */
export const AMOUNT_TOLERANCE = 0.005;

export const sameAmount = (a: number, b: number): boolean => Math.abs(a - b) < AMOUNT_TOLERANCE;

/** Renders a number for a message without float noise (0.30000000000000004 → 0.3). */
export const formatAmount = (value: number): string => String(Math.round(value * 1e6) / 1e6);
