import { inconclusive, type Check } from './check.ts';
import { accountBanks, bankAccountNotifications, decide, postedStatements, type Finding } from './statement-queries.ts';

const show = (value: unknown): string => (value === undefined ? 'missing' : JSON.stringify(value));

/**
 * STMT-01: accountDetails[0].bankAccountId and every transactionDetails[].bankAccountId are the resource.id of a
 * bank-account-created notification Banking Service delivered (R20) [C-NOTIF] [BRUNO].
 */
export const stmt01: Check = (evidence) => {
  const statements = postedStatements(evidence);
  if (statements.length === 0) return inconclusive('The candidate posted no statement, so its bank account ids cannot be compared with the notifications.');
  const notified = new Map(bankAccountNotifications(evidence).filter((notification) => notification.exchange.response !== undefined).map((notification) => [notification.bankAccountId, notification]));
  const findings: Finding[] = [];
  for (const statement of statements) {
    const id = statement.bankAccountId;
    if (id === undefined) {
      findings.push({ exchange: statement.exchange, pointer: '/data/accountDetails/0/bankAccountId', message: 'is missing: put the resource.id of the bank-account-created notification there' });
      continue;
    }
    if (!notified.has(id)) {
      findings.push({ exchange: statement.exchange, pointer: '/data/accountDetails/0/bankAccountId', message: `${JSON.stringify(id)} is not the resource.id of any bank-account-created notification Banking Service sent: store resource.id from the notification against your externalId and post with it` });
    }
    for (const transaction of statement.transactions) {
      if (transaction.bankAccountId !== id) {
        findings.push({ exchange: statement.exchange, pointer: `${transaction.pointer}/bankAccountId`, message: `is ${show(transaction.bankAccountId)}, not ${id}, the notified bank account id the statement is for` });
      }
    }
  }
  const accounts = new Set(statements.flatMap((statement) => statement.bankAccountId ?? []));
  return decide(
    findings,
    `All ${statements.length} statements name their bank account by the resource.id of its bank-account-created notification (${accounts.size} account(s)), in accountDetails[0] and in every transaction.`,
    statements.map((statement) => statement.exchange),
  );
};

/** STMT-02: data.bankId is the Banking Service id of the account's bank [P-STMT] [BRUNO] [C-NOTIF]. */
export const stmt02: Check = (evidence) => {
  const banks = accountBanks(evidence);
  const judged = postedStatements(evidence).filter((statement) => statement.bankAccountId !== undefined && banks.has(statement.bankAccountId));
  if (judged.length === 0) return inconclusive('No statement named a bank account Banking Service holds, so data.bankId cannot be compared with the account\'s bank.');
  const findings: Finding[] = judged.flatMap((statement) => {
    const bank = banks.get(statement.bankAccountId ?? '')?.bankId;
    const sent = statement.data?.['bankId'];
    return sent === bank ? [] : [{
      exchange: statement.exchange,
      pointer: '/data/bankId',
      message: `is ${show(sent)}, but bank account ${statement.bankAccountId} belongs to bank ${bank}: send additionalData.bankId of its notification (the principalId of your bank sync)`,
    }];
  });
  return decide(findings, `All ${judged.length} statements carry data.bankId equal to the Banking Service id of their account's bank.`, judged.map((statement) => statement.exchange));
};

/** STMT-03: data.principalId as policy statement-principal-id reads it, by default the statement's bank account id (D7) [BRUNO] [G-REAUTH]. */
export const stmt03: Check = (evidence, { policies }) => {
  const policy = policies['statement-principal-id'];
  const banks = accountBanks(evidence);
  const statements = postedStatements(evidence).filter((statement) => statement.bankAccountId !== undefined);
  if (statements.length === 0) return inconclusive('The candidate posted no statement naming a bank account, so data.principalId cannot be checked.');
  const wanted = policy === 'bank-account-id' ? 'the bank account id of accountDetails[0]' : policy === 'bank-principal-id' ? "the principalId of the account's bank" : "the bank account id or the principalId of the account's bank";
  const findings: Finding[] = [];
  let judged = 0;
  for (const statement of statements) {
    const bank = banks.get(statement.bankAccountId ?? '')?.bankId;
    const accepted = [
      ...(policy !== 'bank-principal-id' ? [statement.bankAccountId] : []),
      ...(policy !== 'bank-account-id' && bank !== undefined ? [bank] : []),
    ];
    if (accepted.length === 0) continue;
    judged += 1;
    const sent = statement.data?.['principalId'];
    if (!accepted.includes(sent as string)) {
      findings.push({ exchange: statement.exchange, pointer: '/data/principalId', message: `is ${show(sent)}: send ${wanted} (policy statement-principal-id = ${policy})` });
    }
  }
  if (judged === 0) return inconclusive(`No statement named a bank account whose bank is known, so data.principalId cannot be checked under policy statement-principal-id = ${policy}.`);
  return decide(findings, `All ${judged} statements carry data.principalId = ${wanted} (policy statement-principal-id = ${policy}).`, statements.map((statement) => statement.exchange));
};

/** STMT-09: exactly one AccountDetail per statement, and every transaction belongs to it (R12) [P-STMT] [BRUNO]. */
export const stmt09: Check = (evidence) => {
  const statements = postedStatements(evidence);
  if (statements.length === 0) return inconclusive('The candidate posted no statement, so the number of its AccountDetails cannot be checked.');
  const findings: Finding[] = [];
  for (const statement of statements) {
    const details = statement.accountDetails;
    if (details === undefined) {
      findings.push({ exchange: statement.exchange, pointer: '/data/accountDetails', message: 'is missing or not an array: send exactly one AccountDetail' });
      continue;
    }
    if (details.length !== 1) {
      findings.push({ exchange: statement.exchange, pointer: '/data/accountDetails', message: `has ${details.length} entries: a statement carries exactly one AccountDetail; post one statement per account` });
    }
    for (const transaction of statement.transactions) {
      if (transaction.bankAccountId !== statement.bankAccountId) {
        findings.push({ exchange: statement.exchange, pointer: `${transaction.pointer}/bankAccountId`, message: `is ${show(transaction.bankAccountId)}, not the statement's account ${statement.bankAccountId ?? '(none)'}: every transaction of a statement belongs to its one account` });
      }
    }
  }
  return decide(findings, `All ${statements.length} statements carry exactly one AccountDetail and only transactions of that account.`, statements.map((statement) => statement.exchange));
};
