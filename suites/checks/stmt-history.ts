import type { ExchangeRecord } from '../../harness/traffic/index.ts';
import { inconclusive, type Check } from './check.ts';
import type { Evidence } from './evidence.ts';
import { stepsOf } from './evidence-queries.ts';
import {
  bankAccountNotifications,
  decide,
  fingerprintOf,
  isResubmission,
  postedStatements,
  statementsByAccount,
  utcDay,
  withinStep,
  type Finding,
  type PostedStatement,
  type StatementTransaction,
} from './statement-queries.ts';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why Banking Service did not take a statement: the first refusal entry or rejection reason, with its pointer. */
export function whyNotTaken(statement: PostedStatement): { readonly pointer: string; readonly message: string } {
  if (statement.outcome === 'uncertain') return { pointer: '/data', message: `its delivery was uncertain (${statement.httpStatus ?? statement.exchange.failure ?? 'no answer'})` };
  const finish = statement.finish;
  if (finish?.type === 'statement.rejected' && finish.reasons[0]) {
    return { pointer: finish.reasons[0].pointer, message: `Banking Service rejected statement ${finish.statementId} (${finish.reasons[0].rule}): ${finish.reasons[0].message}` };
  }
  const body = statement.exchange.response?.body;
  const errors = isObject(body) && Array.isArray(body['errors']) ? body['errors'] : [];
  const first = isObject(errors[0]) ? errors[0] : undefined;
  if (first) {
    const pointer = typeof first['pointer'] === 'string' ? first['pointer'] : '/data';
    return { pointer, message: `Banking Service refused it with ${statement.httpStatus} (${String(first['rule'] ?? first['code'] ?? 'error')}): ${String(first['message'] ?? '')}` };
  }
  return { pointer: '/data', message: `Banking Service answered ${statement.httpStatus ?? 'nothing'}` };
}

/** The consumer GET …/bankaccounts/{id}/transactions reads of an account, in order. */
function transactionReads(evidence: Evidence, bankAccountId: string): ExchangeRecord[] {
  return evidence.traffic.filter((exchange) => exchange.from === 'product' && exchange.request.method === 'GET'
    && new URL(exchange.request.url).pathname.endsWith(`/bankaccounts/${bankAccountId}/transactions`));
}

/**
 * STMT-04: after the bank-account-created notification the connector posts the cleared history from
 * requestedStartDate, so the account leaves pending (policy account-activation) and the product's read returns
 * it (R13, R18, D12, §9.2) [U-POST] [F-POST] [C-NOTIF] [BRUNO]. Judged for the accounts whose first push the
 * posting flow awaited (steps await-history-push).
 */
export const stmt04: Check = (evidence, { policies }) => {
  const steps = stepsOf(evidence, 'posting', 'await-history-push').filter((step) => step.status !== 'skipped' && step.data['bankAccountId']);
  if (steps.length === 0) return inconclusive('The posting flow awaited no first push (no onboarded account), so the history push cannot be judged.');
  const activation = policies['account-activation'];
  const byAccount = statementsByAccount(postedStatements(evidence));
  const notifications = bankAccountNotifications(evidence);
  const findings: Finding[] = [];
  const looked: ExchangeRecord[] = [];
  const events: number[] = [];
  let missingRead: string | undefined;
  let pushed = 0;
  for (const step of steps) {
    const id = step.data['bankAccountId'] ?? '';
    const notification = notifications.filter((candidate) => candidate.bankAccountId === id).at(-1);
    const firstPush = (byAccount.get(id) ?? []).filter((statement) => statement.exchange.seq <= step.lastExchange && statement.transactions.length > 0);
    looked.push(...(notification ? [notification.exchange] : []), ...firstPush.map((statement) => statement.exchange));
    const anchor = notification?.exchange ?? firstPush[0]?.exchange;
    if (firstPush.length === 0) {
      if (anchor) findings.push({ exchange: anchor, pointer: '/resource/id', message: `the candidate acknowledged bank account ${id} but posted no statement with transactions for it` });
      else missingRead ??= `No notification or statement for bank account ${id} was recorded.`;
      continue;
    }
    pushed += firstPush.length;
    const created = evidence.events.find((event) => event.type === 'account.created' && event.bankAccountId === id);
    const activated = evidence.events.find((event) => event.type === 'account.status-changed' && event.bankAccountId === id && event.from === 'pending' && event.to === 'active');
    const active = activated !== undefined || (created?.type === 'account.created' && created.status === 'active');
    if (activated) events.push(activated.seq);
    if (!active) {
      const stuck = firstPush.find((statement) => statement.outcome !== 'completed') ?? firstPush[0];
      if (stuck) {
        const why = stuck.outcome === 'completed' ? { pointer: '/data/transactionDetails', message: 'it completed but stored nothing' } : whyNotTaken(stuck);
        findings.push({ exchange: stuck.exchange, pointer: why.pointer, message: `bank account ${id} never left pending (policy account-activation = ${activation}): ${why.message}` });
      }
      continue;
    }
    const read = transactionReads(evidence, id).find((exchange) => exchange.seq > step.lastExchange && new URL(exchange.request.url).searchParams.get('startIndex') === '0')
      ?? transactionReads(evidence, id)[0];
    if (!read) {
      missingRead ??= `The product never read the transactions of bank account ${id}.`;
      continue;
    }
    looked.push(read);
    const body = read.response?.body;
    const list = isObject(body) && isObject(body['bankTransactionList']) ? body['bankTransactionList'] : undefined;
    if (read.response?.status !== 200 || !list) {
      findings.push({ exchange: read, pointer: '/bankTransactionList', message: `the product's transaction read answered ${read.response?.status ?? 'nothing'} without a bankTransactionList` });
    } else if (typeof list['total'] !== 'number' || list['total'] === 0) {
      findings.push({ exchange: read, pointer: '/bankTransactionList/total', message: `the product's transaction read of bank account ${id} returned no transactions although ${firstPush.length} statement(s) with transactions were posted` });
    }
  }
  if (findings.length === 0 && missingRead) return inconclusive(missingRead, looked.map((exchange) => exchange.id));
  return decide(
    findings,
    `Each of the ${steps.length} onboarded account(s) got its history in ${pushed} statement(s) after its notification, left pending (policy account-activation = ${activation}) and the product's transaction read returned it.`,
    looked,
    events,
  );
};

/** STMT-05: no transaction dated before the account's requestedStartDate, compared by UTC date [KC-21] (R13) [U-POST] [C-NOTIF]. */
export const stmt05: Check = (evidence) => {
  const starts = new Map<string, { date: string; exchange: ExchangeRecord }>();
  for (const notification of bankAccountNotifications(evidence)) {
    if (notification.requestedStartDate !== undefined) starts.set(notification.bankAccountId, { date: notification.requestedStartDate, exchange: notification.exchange });
  }
  const judged = postedStatements(evidence).filter((statement) => statement.transactions.length > 0 && starts.has(statement.bankAccountId ?? ''));
  if (judged.length === 0) return inconclusive('No statement with transactions was posted for an account whose notification carried a requestedStartDate.');
  const findings: Finding[] = [];
  for (const statement of judged) {
    const start = starts.get(statement.bankAccountId ?? '');
    const startMs = start ? Date.parse(start.date) : Number.NaN;
    if (!start || Number.isNaN(startMs)) continue;
    for (const transaction of statement.transactions) {
      if (transaction.datePostedMs !== undefined && utcDay(transaction.datePostedMs) < utcDay(startMs)) {
        findings.push({
          exchange: statement.exchange,
          pointer: `${transaction.pointer}/datePosted`,
          message: `${transaction.datePosted} is before the requestedStartDate ${start.date} of bank account ${statement.bankAccountId} (notification ${start.exchange.id}): send only transactions from that date on`,
        });
      }
    }
  }
  const transactions = judged.reduce((sum, statement) => sum + statement.transactions.length, 0);
  return decide(findings, `None of the ${transactions} transactions in ${judged.length} statements is dated before its account's requestedStartDate.`, judged.map((statement) => statement.exchange));
};

interface Delivered {
  readonly statement: PostedStatement;
  readonly transaction: StatementTransaction;
}

/**
 * STMT-06: after the first push each statement carries only transactions Banking Service has not accepted yet
 * for the account, neither under their old uniqueId nor under a new one (R13, R2) [U-POST] [APPLY]. A
 * resubmission after an uncertain delivery is exempt (R3). Needs the incremental push of step
 * push-new-transactions.
 */
export const stmt06: Check = (evidence) => {
  const incremental = stepsOf(evidence, 'posting', 'push-new-transactions').filter((step) => step.status !== 'skipped');
  const statements = postedStatements(evidence);
  const later = statements.filter((statement) => incremental.some((step) => withinStep(statement.exchange, step)));
  if (later.length === 0) return inconclusive('No incremental push was observed (step posting/push-new-transactions produced no statement), so re-sent transactions cannot be looked for.');
  const findings: Finding[] = [];
  for (const list of statementsByAccount(statements).values()) {
    const byId = new Map<string, Delivered>();
    const byPrint = new Map<string, Delivered>();
    list.forEach((statement, index) => {
      if (!isResubmission(list, index)) {
        for (const transaction of statement.transactions) {
          const again = transaction.uniqueId === undefined ? undefined : byId.get(transaction.uniqueId);
          const same = byPrint.get(fingerprintOf(transaction));
          if (again) {
            findings.push({
              exchange: statement.exchange,
              pointer: `${transaction.pointer}/uniqueId`,
              message: `re-sends transaction ${JSON.stringify(transaction.uniqueId)}, which Banking Service already accepted for bank account ${statement.bankAccountId} in ${again.statement.exchange.id}: post only transactions beyond what was accepted`,
            });
          } else if (same) {
            findings.push({
              exchange: statement.exchange,
              pointer: transaction.pointer,
              message: `re-sends the transaction accepted as ${JSON.stringify(same.transaction.uniqueId)} in ${same.statement.exchange.id} (same datePosted, amount, referenceNumber and description) under the new uniqueId ${JSON.stringify(transaction.uniqueId)}`,
            });
          }
        }
      }
      if (statement.landed) {
        for (const transaction of statement.transactions) {
          if (transaction.uniqueId !== undefined) byId.set(transaction.uniqueId, { statement, transaction });
          byPrint.set(fingerprintOf(transaction), { statement, transaction });
        }
      }
    });
  }
  return decide(
    findings,
    `No statement re-sent a transaction Banking Service had accepted, under its uniqueId or another (${statements.length} statements, ${later.length} in the incremental push).`,
    statements.map((statement) => statement.exchange),
  );
};

/**
 * STMT-07: uniqueIds are unique within a statement, never name two different transactions, and reappear only when
 * the same statement is resubmitted after an uncertain delivery (R2, R3) [APPLY] [SETUP] [GS]; within one bank
 * account's history or across the provider, as policy unique-id-scope says.
 */
export const stmt07: Check = (evidence, { policies }) => {
  const scope = policies['unique-id-scope'];
  const statements = postedStatements(evidence).filter((statement) => statement.transactions.length > 0);
  if (statements.length === 0) return inconclusive('The candidate posted no transaction, so its uniqueIds cannot be checked.');
  const resubmissions = new Set<PostedStatement>();
  for (const list of statementsByAccount(statements).values()) list.forEach((statement, index) => { if (isResubmission(list, index)) resubmissions.add(statement); });
  const scopeOf = (statement: PostedStatement) => (scope === 'provider' ? 'provider' : statement.bankAccountId ?? '');
  const firstUse = new Map<string, Delivered>();
  const accepted = new Map<string, Delivered>();
  const findings: Finding[] = [];
  for (const statement of statements) {
    const seen = new Map<string, number>();
    for (const transaction of statement.transactions) {
      const id = transaction.uniqueId;
      const pointer = `${transaction.pointer}/uniqueId`;
      if (id === undefined || id === '') {
        findings.push({ exchange: statement.exchange, pointer, message: 'is missing: every transaction needs a permanent unique id' });
        continue;
      }
      const twin = seen.get(id);
      if (twin !== undefined) {
        findings.push({ exchange: statement.exchange, pointer, message: `${JSON.stringify(id)} repeats transactionDetails[${twin}].uniqueId of the same statement` });
        continue;
      }
      seen.set(id, transaction.index);
      const key = `${scopeOf(statement)}|${id}`;
      const first = firstUse.get(key);
      if (first && fingerprintOf(first.transaction) !== fingerprintOf(transaction)) {
        findings.push({
          exchange: statement.exchange,
          pointer,
          message: `${JSON.stringify(id)} already named a different transaction in ${first.statement.exchange.id} (${first.transaction.pointer}; policy unique-id-scope = ${scope}): derive uniqueId from your permanent transaction id`,
        });
        continue;
      }
      const delivered = accepted.get(key);
      if (delivered && !resubmissions.has(statement)) {
        findings.push({
          exchange: statement.exchange,
          pointer,
          message: `${JSON.stringify(id)} reappears although ${delivered.statement.exchange.id} already delivered it (policy unique-id-scope = ${scope}), and this is no resubmission of a statement whose delivery was uncertain`,
        });
      }
      if (!first) firstUse.set(key, { statement, transaction });
    }
    if (statement.landed) {
      for (const transaction of statement.transactions) if (transaction.uniqueId) accepted.set(`${scopeOf(statement)}|${transaction.uniqueId}`, { statement, transaction });
    }
  }
  const rejections = evidence.events.filter((event) => event.type === 'statement.rejected' && event.reasons.some((reason) => reason.rule === 'unique-transaction-ids')).map((event) => event.seq);
  const transactions = statements.reduce((sum, statement) => sum + statement.transactions.length, 0);
  return decide(
    findings,
    `All ${transactions} transactions in ${statements.length} statements carry a uniqueId of their own (policy unique-id-scope = ${scope})${resubmissions.size > 0 ? `, repeated only in ${resubmissions.size} resubmission(s) after an uncertain delivery` : ''}.`,
    statements.map((statement) => statement.exchange),
    rejections,
  );
};
