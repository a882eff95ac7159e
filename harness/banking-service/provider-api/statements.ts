import type { ServerReply } from '../../http/index.ts';
import { errorReply, singleError, violationEntry } from '../api-support/index.ts';
import { readStatement, runRules } from '../rules/index.ts';
import type { ProviderClient, StatementRecord } from '../state/index.ts';
import type { ProviderApiContext } from './provider-api-context.ts';

/**
 * POST /v1/statements [P-STMT]: the at-post rules answer at once (nothing stored when one fails), then the
 * statement is accepted and processed asynchronously [KC-04] [KC-05].
 */
export function postStatement(context: ProviderApiContext, provider: ProviderClient, body: unknown): ServerReply {
  const { state, events, policies } = context;
  const read = readStatement(body);
  if (!read.ok) {
    events.append({ type: 'statement.received', bankAccountId: undefined, transactionCount: 0 });
    return errorReply(400, read.problems.map((problem) => ({ code: 'statement-shape', message: problem.message, pointer: problem.pointer })));
  }
  const statement = read.statement;
  const bankAccountId = statement.accountDetails[0]?.bankAccountId;
  const account = bankAccountId ? state.accounts.get(bankAccountId) : undefined;
  events.append({ type: 'statement.received', bankAccountId, transactionCount: statement.transactionDetails.length });
  const outcome = runRules('at-post', statement, {
    policies,
    callerClientId: provider.clientId,
    account,
    bank: account ? state.banks.get(account.bankId) : undefined,
    inFlight: account ? state.statements.inFlight(account.id) : undefined,
    acceptedUniqueIds: account ? state.transactions.acceptedUniqueIds(account.id) : new Set(),
    previousLedgerBalance: account?.ledgerBalance,
  });
  if (outcome.violations.length > 0 || !account) {
    const status = outcome.status ?? 404;
    events.append({ type: 'statement.refused', bankAccountId, status, violations: outcome.violations });
    return errorReply(status, outcome.violations.map(violationEntry));
  }
  const record = state.statements.create({ bankAccountId: account.id, clientId: provider.clientId, transactionCount: statement.transactionDetails.length, payload: statement });
  events.append({ type: 'statement.accepted', statementId: record.id, bankAccountId: account.id, transactionCount: record.transactionCount });
  context.processor.accept(record);
  return { status: 201, json: { data: { _id: record.id, status: record.status, bankAccountId: account.id } } };
}

export function statementBody(record: StatementRecord) {
  return {
    data: {
      _id: record.id,
      bankAccountId: record.bankAccountId,
      status: record.status,
      reasons: record.reasons.map((reason) => ({ rule: reason.rule, evidence: reason.evidence, message: reason.message, pointer: reason.pointer, ...(reason.policy ? { policy: reason.policy } : {}) })),
      receivedAt: new Date(record.receivedAt).toISOString(),
      completedAt: record.completedAt === undefined ? null : new Date(record.completedAt).toISOString(),
      transactionCount: record.transactionCount,
    },
  };
}

/** GET /v1/statements/{statementId}: processing state and, when rejected, the reasons [P-STMT] [KC-05]. */
export function getStatement(context: ProviderApiContext, provider: ProviderClient, statementId: string): ServerReply {
  const record = context.state.statements.get(statementId);
  if (!record) return singleError(404, 'unknown-statement', `statement ${statementId} is unknown: use data._id of the POST /v1/statements answer`);
  if (record.clientId !== provider.clientId) return singleError(403, 'not-your-statement', `statement ${statementId} was posted by another provider`);
  return { status: 200, json: statementBody(record) };
}
