import { inconclusive, pass, type Check } from './check.ts';
import { stepsOf } from './evidence-queries.ts';
import {
  accountCurrencies,
  decide,
  formatAmount,
  isResubmission,
  numberOf,
  postedStatements,
  sameAmount,
  statementsByAccount,
  withinStep,
  type Finding,
  type PostedStatement,
} from './statement-queries.ts';

const TWO_WEEKS_MS = 14 * 86_400_000;
const show = (value: unknown): string => (value === undefined ? 'missing' : JSON.stringify(value));
const withTransactions = (statements: readonly PostedStatement[]) => statements.filter((statement) => statement.transactions.length > 0);
const countOf = (statements: readonly PostedStatement[]) => statements.reduce((sum, statement) => sum + statement.transactions.length, 0);
const noTransactions = (what: string) => inconclusive(`The candidate posted no transaction, so ${what} cannot be checked.`);

/** STMT-08: only cleared transactions, transactionStatus posted (R1) [APPLY] [SETUP] [GS] [F-POST] [CA-TXN]. */
export const stmt08: Check = (evidence) => {
  const statements = withTransactions(postedStatements(evidence));
  if (statements.length === 0) return noTransactions('their transactionStatus');
  const findings: Finding[] = statements.flatMap((statement) => statement.transactions
    .filter((transaction) => transaction.transactionStatus !== 'posted')
    .map((transaction) => ({
      exchange: statement.exchange,
      pointer: `${transaction.pointer}/transactionStatus`,
      message: `is ${show(transaction.transactionStatus)}: send only cleared transactions, with transactionStatus "posted"; hold pending ones until they clear`,
    })));
  return decide(findings, `All ${countOf(statements)} transactions in ${statements.length} statements are cleared (transactionStatus "posted").`, statements.map((statement) => statement.exchange));
};

/** STMT-10: at most statement-batch-limit TransactionDetails per statement (R11, D1) [P-STMT] [G-POST]. */
export const stmt10: Check = (evidence, { policies }) => {
  const limit = policies['statement-batch-limit'];
  const statements = withTransactions(postedStatements(evidence));
  if (statements.length === 0) return noTransactions('the batch size');
  const findings: Finding[] = statements.filter((statement) => statement.transactions.length > limit).map((statement) => ({
    exchange: statement.exchange,
    pointer: '/data/transactionDetails',
    message: `holds ${statement.transactions.length} transactions, more than ${limit} (policy statement-batch-limit): split the backlog into statements of at most ${limit}, posted one after another`,
  }));
  const largest = statements.reduce((best, statement) => (statement.transactions.length > best.transactions.length ? statement : best));
  return decide(findings, `No statement held more than ${limit} transactions (policy statement-batch-limit); the largest, ${largest.exchange.id}, held ${largest.transactions.length}.`, statements.map((statement) => statement.exchange));
};

/** STMT-15: within a statement no transaction is more than 14 days older than the newest (R8) [APPLY] [SETUP] [GS]; scope per policy. */
export const stmt15: Check = (evidence, { policies }) => {
  const scope = policies['two-week-spread-scope'];
  if (scope === 'off') return pass('Not checked: policy two-week-spread-scope = off accepts any spread of datePosted.');
  const statements = withTransactions(postedStatements(evidence));
  if (statements.length === 0) return noTransactions('the spread of datePosted');
  const findings: Finding[] = [];
  for (const statement of statements) {
    const dated = statement.transactions.filter((transaction) => transaction.datePostedMs !== undefined);
    if (dated.length === 0) continue;
    const newest = dated.reduce((best, transaction) => ((transaction.datePostedMs ?? 0) > (best.datePostedMs ?? 0) ? transaction : best));
    for (const transaction of dated) {
      if ((newest.datePostedMs ?? 0) - (transaction.datePostedMs ?? 0) > TWO_WEEKS_MS) {
        findings.push({
          exchange: statement.exchange,
          pointer: `${transaction.pointer}/datePosted`,
          message: `${transaction.datePosted} is more than 14 days older than the statement's newest transaction (${newest.pointer}, ${newest.datePosted}): split the history into statements spanning at most two weeks (policy two-week-spread-scope = ${scope})`,
        });
      }
    }
  }
  return decide(findings, `In all ${statements.length} statements every transaction is within 14 days of the statement's newest (policy two-week-spread-scope = ${scope}).`, statements.map((statement) => statement.exchange));
};

/**
 * STMT-16: datePosted non-decreasing within a statement, and a backlog split over several statements posted
 * oldest batch first (R9) [APPLY] [SETUP] [P-STMT], by policy statement-order. The batches of one push are the
 * account's statements of the first push (until its await-history-push step ended), of the incremental push and
 * of the push after re-authorisation.
 */
export const stmt16: Check = (evidence, { policies }) => {
  const order = policies['statement-order'];
  if (order === 'off') return pass('Not checked: policy statement-order = off.');
  const statements = withTransactions(postedStatements(evidence));
  if (statements.length === 0) return noTransactions('their order');
  const findings: Finding[] = [];
  for (const statement of statements) {
    let previous = statement.transactions[0];
    for (const transaction of statement.transactions.slice(1)) {
      if (transaction.datePostedMs === undefined) continue;
      if (previous?.datePostedMs !== undefined && transaction.datePostedMs < previous.datePostedMs) {
        findings.push({
          exchange: statement.exchange,
          pointer: `${transaction.pointer}/datePosted`,
          message: `${transaction.datePosted} is earlier than ${previous.pointer}/datePosted (${previous.datePosted}): send transactions in statement order, oldest first (policy statement-order = ${order})`,
        });
        break;
      }
      previous = transaction;
    }
  }
  const pushes = [
    ...stepsOf(evidence, 'posting', 'await-history-push').map((step) => ({ step, firstPush: true })),
    ...stepsOf(evidence, 'posting', 'push-new-transactions').map((step) => ({ step, firstPush: false })),
    ...stepsOf(evidence, 'reauthorisation', 'resume-posting').map((step) => ({ step, firstPush: false })),
  ].filter(({ step }) => step.status !== 'skipped' && step.data['bankAccountId']);
  const byAccount = statementsByAccount(statements);
  let batches = 0;
  for (const { step, firstPush } of pushes) {
    const list = byAccount.get(step.data['bankAccountId'] ?? '') ?? [];
    const push = list.filter((statement, index) => !isResubmission(list, index) && (firstPush ? statement.exchange.seq <= step.lastExchange : withinStep(statement.exchange, step)));
    batches += Math.max(0, push.length - 1);
    for (let index = 1; index < push.length; index += 1) {
      const before = push[index - 1];
      const current = push[index];
      if (!before || !current) continue;
      const newestBefore = Math.max(...before.transactions.map((transaction) => transaction.datePostedMs ?? Number.NEGATIVE_INFINITY));
      const oldest = current.transactions.filter((transaction) => transaction.datePostedMs !== undefined)
        .reduce<typeof current.transactions[number] | undefined>((best, transaction) => (best === undefined || (transaction.datePostedMs ?? 0) < (best.datePostedMs ?? 0) ? transaction : best), undefined);
      if (oldest?.datePostedMs !== undefined && oldest.datePostedMs < newestBefore) {
        findings.push({
          exchange: current.exchange,
          pointer: `${oldest.pointer}/datePosted`,
          message: `${oldest.datePosted} is older than the newest transaction of the batch posted before it (${before.exchange.id}, ${new Date(newestBefore).toISOString()}): post a split backlog oldest batch first (policy statement-order = ${order})`,
        });
      }
    }
  }
  return decide(
    findings,
    `All ${statements.length} statements list their transactions oldest first, and ${batches} follow-on batch(es) of split pushes came after older ones (policy statement-order = ${order}).`,
    statements.map((statement) => statement.exchange),
  );
};

const EXPECTED_FIELDS = ['transactionDetailsCount', 'accountDetailsCount', 'transactionCreditSum', 'transactionDebitSum'] as const;

/**
 * STMT-17: data.expected holds the counts and signed sums of the payload (R17, R16) [BRUNO] [P-STMT], as policies
 * expected-block (present? matching?) and debit-sum-sign (negative, positive or either) require. Credits and
 * debits are told apart by transactionType, as Banking Service does.
 */
export const stmt17: Check = (evidence, { policies }) => {
  const mode = policies['expected-block'];
  const sign = policies['debit-sum-sign'];
  if (mode === 'ignored') return pass('Not checked: policy expected-block = ignored.');
  const statements = postedStatements(evidence).filter((statement) => statement.data !== undefined);
  if (statements.length === 0) return inconclusive('The candidate posted no statement, so its control totals cannot be checked.');
  const required = mode === 'required-and-matching';
  const findings: Finding[] = [];
  for (const statement of statements) {
    const expected = statement.data?.['expected'];
    if (typeof expected !== 'object' || expected === null || Array.isArray(expected)) {
      if (required || expected !== undefined) findings.push({ exchange: statement.exchange, pointer: '/data/expected', message: `is ${show(expected)}: send the control totals ${EXPECTED_FIELDS.join(', ')} (policy expected-block = ${mode})` });
      continue;
    }
    const block = expected as Record<string, unknown>;
    const credits = statement.transactions.filter((transaction) => transaction.transactionType === 'CREDIT').reduce((sum, transaction) => sum + (numberOf(transaction.transactionAmount) ?? 0), 0);
    const debits = statement.transactions.filter((transaction) => transaction.transactionType === 'DEBIT').reduce((sum, transaction) => sum + Math.abs(numberOf(transaction.transactionAmount) ?? 0), 0);
    const wanted: Record<(typeof EXPECTED_FIELDS)[number], readonly number[]> = {
      transactionDetailsCount: [statement.transactions.length],
      accountDetailsCount: [statement.accountDetails?.length ?? 0],
      transactionCreditSum: [credits],
      transactionDebitSum: sign === 'negative' ? [-debits] : sign === 'positive' ? [debits] : [-debits, debits],
    };
    for (const field of EXPECTED_FIELDS) {
      const pointer = `/data/expected/${field}`;
      const value = block[field];
      if (value === undefined) {
        if (required) findings.push({ exchange: statement.exchange, pointer, message: `is missing (policy expected-block = ${mode})` });
        continue;
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        findings.push({ exchange: statement.exchange, pointer, message: `is ${show(value)}, not a number` });
        continue;
      }
      if (!wanted[field].some((candidate) => sameAmount(value, candidate))) {
        const because = field === 'transactionDebitSum' ? ` (the DEBIT amounts total ${formatAmount(debits)} in magnitude; policy debit-sum-sign = ${sign})`
          : field === 'transactionCreditSum' ? ' (the sum of the CREDIT amounts)' : '';
        findings.push({ exchange: statement.exchange, pointer, message: `is ${formatAmount(value)} but the payload gives ${wanted[field].map(formatAmount).join(' or ')}${because}: compute expected from the final payload` });
      }
    }
  }
  return decide(findings, `The expected block of all ${statements.length} statements matches their payload (policies expected-block = ${mode}, debit-sum-sign = ${sign}).`, statements.map((statement) => statement.exchange));
};

/** STMT-18: CREDIT positive, DEBIT negative, exchangeAmount signed alike; zero allowed [KC-20] (R16) [BRUNO] [FX], by policy amount-sign-matches-type. */
export const stmt18: Check = (evidence, { policies }) => {
  const mode = policies['amount-sign-matches-type'];
  if (mode === 'off') return pass('Not checked: policy amount-sign-matches-type = off.');
  const statements = withTransactions(postedStatements(evidence));
  if (statements.length === 0) return noTransactions('the sign of their amounts');
  const findings: Finding[] = [];
  for (const statement of statements) {
    for (const transaction of statement.transactions) {
      const type = transaction.transactionType;
      if (type !== 'CREDIT' && type !== 'DEBIT') continue;
      for (const field of ['transactionAmount', 'exchangeAmount'] as const) {
        const amount = numberOf(transaction[field]);
        if (amount === undefined) continue;
        if ((type === 'CREDIT' && amount < 0) || (type === 'DEBIT' && amount > 0)) {
          findings.push({
            exchange: statement.exchange,
            pointer: `${transaction.pointer}/${field}`,
            message: `is ${formatAmount(amount)} on a ${type}: a ${type} amount is ${type === 'CREDIT' ? 'positive' : 'negative'} (policy amount-sign-matches-type = ${mode})`,
          });
        }
      }
    }
  }
  return decide(findings, `All ${countOf(statements)} transactions are signed by their type: CREDIT positive, DEBIT negative, exchangeAmount alike (policy amount-sign-matches-type = ${mode}).`, statements.map((statement) => statement.exchange));
};

/**
 * STMT-19: foreign currency goes in exchangeCurrency (three letters, never the account's own currency) together
 * with exchangeAmount (R15, D10, D15) [FX]. The account currency is the defaultCurrency the Consumer API reports,
 * when it reports one.
 */
export const stmt19: Check = (evidence) => {
  const statements = withTransactions(postedStatements(evidence));
  if (statements.length === 0) return noTransactions('their foreign-currency fields');
  const currencies = accountCurrencies(evidence);
  const findings: Finding[] = [];
  let foreign = 0;
  for (const statement of statements) {
    const own = currencies.get(statement.bankAccountId ?? '');
    for (const transaction of statement.transactions) {
      const currency = transaction.exchangeCurrency;
      const amount = transaction.exchangeAmount;
      if (currency === undefined && amount === undefined) continue;
      foreign += 1;
      if (currency === undefined) {
        findings.push({ exchange: statement.exchange, pointer: `${transaction.pointer}/exchangeCurrency`, message: `is missing although exchangeAmount ${show(amount)} is sent: name the original currency (ISO 4217) beside its amount` });
        continue;
      }
      if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) {
        findings.push({ exchange: statement.exchange, pointer: `${transaction.pointer}/exchangeCurrency`, message: `is ${show(currency)}, not a three-letter ISO 4217 code` });
      } else if (own !== undefined && currency === own) {
        findings.push({ exchange: statement.exchange, pointer: `${transaction.pointer}/exchangeCurrency`, message: `is ${currency}, the account's own currency: send exchangeCurrency and exchangeAmount only for transactions that originated in another currency` });
      }
      if (numberOf(amount) === undefined) {
        findings.push({ exchange: statement.exchange, pointer: `${transaction.pointer}/exchangeAmount`, message: `is ${show(amount)} beside exchangeCurrency ${show(currency)}: send the signed amount in the original currency` });
      }
    }
  }
  return decide(
    findings,
    foreign === 0
      ? `None of the ${countOf(statements)} transactions carried foreign-currency fields, so none mixes them up.`
      : `All ${foreign} foreign-currency transactions carry a three-letter exchangeCurrency other than the account's own together with exchangeAmount.`,
    statements.map((statement) => statement.exchange),
  );
};
