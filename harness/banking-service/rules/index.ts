export { STATEMENT_RULES } from './rule-catalogue.ts';
export { runRules } from './run-rules.ts';
export type { RuleOutcome } from './run-rules.ts';
export { AMOUNT_TOLERANCE, MAX_VIOLATIONS_PER_RULE, capped, formatAmount, sameAmount, violationOf } from './statement-rule.ts';
export type { RuleContext, RulePhase, StatementRule } from './statement-rule.ts';
export { instantOf, readStatement } from './statement-view.ts';
export type { AccountDetailView, Balances, ReadStatementResult, ShapeProblem, StatementView, TransactionView } from './statement-view.ts';
