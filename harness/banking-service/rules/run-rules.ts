import type { RuleViolation } from '../events/index.ts';
import { STATEMENT_RULES } from './rule-catalogue.ts';
import type { RuleContext, RulePhase, StatementRule } from './statement-rule.ts';
import type { StatementView } from './statement-view.ts';

export interface RuleOutcome {
  readonly violations: readonly RuleViolation[];
  /** At POST: the status to answer when anything is violated [KC-06]. */
  readonly status: number | undefined;
}

/**
 * An unknown account (404) or another provider's (403) hides every other finding, so nothing about an account
 * leaks to a provider that does not own it. Then permanent problems (422) before state conflicts (409): a
 * provider retrying a 409 should not learn only later that the statement can never pass.
 */
const PRECEDENCE: readonly number[] = [404, 403, 422, 409];

export function runRules(phase: RulePhase, statement: StatementView, context: RuleContext, rules: readonly StatementRule[] = STATEMENT_RULES): RuleOutcome {
  const results = rules.filter((rule) => rule.phases.includes(phase)).map((rule) => ({ rule, violations: rule.check(statement, context) }));
  const broken = results.filter((result) => result.violations.length > 0);
  if (broken.length === 0) return { violations: [], status: undefined };
  const status = PRECEDENCE.find((candidate) => broken.some((result) => result.rule.refusalStatus === candidate)) ?? 422;
  const shown = status === 404 || status === 403 ? broken.filter((result) => result.rule.refusalStatus === status) : broken;
  return { violations: shown.flatMap((result) => result.violations), status: phase === 'at-post' ? status : undefined };
}
