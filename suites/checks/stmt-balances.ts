import type { Policies } from '../../harness/policies/index.ts';
import { inconclusive, type Check } from './check.ts';
import { decide, formatAmount, isResubmission, numberOf, postedStatements, sameAmount, statementsByAccount, type Finding, type PostedStatement } from './statement-queries.ts';

type BalanceField = 'ledgerBalance' | 'availableBalance';

/** Which balance is "the ending balance": policy ending-balance-field (Q14) [APPLY] [SETUP] [P-STMT]. */
function endingBalanceFields(policies: Policies): readonly BalanceField[] {
  const field = policies['ending-balance-field'];
  return field === 'both' ? ['ledgerBalance', 'availableBalance'] : [field];
}

const show = (value: unknown): string => (value === undefined ? 'missing' : JSON.stringify(value));

/**
 * STMT-11: every statement with transactions carries accountDetails[0].balances with a signed numeric ending
 * balance and its date (R4) [APPLY] [SETUP] [GS] [P-STMT]; which balance, by policy ending-balance-field. Whether
 * the sign is right is what STMT-12 shows from the account's running balance.
 */
export const stmt11: Check = (evidence, { policies }) => {
  const fields = endingBalanceFields(policies);
  const statements = postedStatements(evidence).filter((statement) => statement.transactions.length > 0);
  if (statements.length === 0) return inconclusive('The candidate posted no statement with transactions, so its ending balances cannot be checked.');
  const findings: Finding[] = [];
  for (const statement of statements) {
    const balances = statement.balances;
    if (!balances) {
      findings.push({ exchange: statement.exchange, pointer: '/data/accountDetails/0/balances', message: `is ${show(statement.accountDetails?.[0] === undefined ? undefined : (statement.accountDetails[0] as Record<string, unknown>)['balances'])}: a statement with transactions carries the signed ending balance after them` });
      continue;
    }
    for (const field of fields) {
      const value = balances[field];
      if (numberOf(value) === undefined) {
        findings.push({ exchange: statement.exchange, pointer: `/data/accountDetails/0/balances/${field}`, message: `is ${show(value)}: send the ${field} after this statement's transactions as a signed number (policy ending-balance-field = ${policies['ending-balance-field']})` });
      }
      const dateField = `${field}Date`;
      const date = balances[dateField];
      if (typeof date !== 'string' || Number.isNaN(Date.parse(date))) {
        findings.push({ exchange: statement.exchange, pointer: `/data/accountDetails/0/balances/${dateField}`, message: `is ${show(date)}: send the date of the ending balance as an ISO 8601 date-time` });
      }
    }
  }
  return decide(findings, `All ${statements.length} statements with transactions carry a signed numeric ${fields.join(' and ')} with its date (policy ending-balance-field = ${policies['ending-balance-field']}).`, statements.map((statement) => statement.exchange));
};

/**
 * STMT-12: an ending balance equals the account's previous accepted ending balance plus this statement's
 * transaction amounts (R4, R5) [P-STMT]. The first statement of an account is not checked: the kit does not know
 * the opening balance. A resubmission after an uncertain delivery is compared like the statement it repeats.
 */
export const stmt12: Check = (evidence, { policies }) => {
  const field: BalanceField = policies['ending-balance-field'] === 'availableBalance' ? 'availableBalance' : 'ledgerBalance';
  const findings: Finding[] = [];
  const looked: PostedStatement[] = [];
  for (const list of statementsByAccount(postedStatements(evidence)).values()) {
    let previous: { balance: number; statement: PostedStatement } | undefined;
    list.forEach((statement, index) => {
      const balance = numberOf(statement.balances?.[field]);
      if (balance === undefined) return;
      if (previous && !isResubmission(list, index) && (previous.statement.finishedMs ?? Number.POSITIVE_INFINITY) <= statement.startMs + 1) {
        looked.push(statement);
        const sum = statement.transactions.reduce((total, transaction) => total + (numberOf(transaction.transactionAmount) ?? 0), 0);
        const wanted = previous.balance + sum;
        if (!sameAmount(balance, wanted)) {
          findings.push({
            exchange: statement.exchange,
            pointer: `/data/accountDetails/0/balances/${field}`,
            message: `is ${formatAmount(balance)}, but the previous accepted statement ${previous.statement.exchange.id} ended at ${formatAmount(previous.balance)} and this statement's ${statement.transactions.length} transaction(s) sum to ${formatAmount(sum)}: send ${formatAmount(wanted)}, the balance after them`,
          });
        }
      }
      if (statement.landed) previous = { balance, statement };
    });
  }
  if (looked.length === 0) return inconclusive(`No account had a statement with a ${field} after an accepted one that carried one, so balances cannot be followed (the first statement of an account is not checked: its opening balance is unknown).`);
  return decide(findings, `The ${field} of all ${looked.length} statements that followed an accepted one equals the previous ending balance plus their transactions.`, looked.map((statement) => statement.exchange));
};
