import type { SimulatorEvent, SimulatorEventBody } from '../../harness/banking-service/events/simulator-event.ts';
import { DEFAULT_POLICIES } from '../../harness/policies/index.ts';
import type { ExchangeRecord, Party } from '../../harness/traffic/index.ts';
import type { FlowStepRecord } from '../flows/flow-step.ts';
import type { Flow } from '../requirements/index.ts';
import type { Evidence } from './evidence.ts';

/**
 * TEST SUPPORT: hand-built evidence for the posting and re-authorisation checks' unit tests. Builders keep the
 * shapes the traffic log and the simulator record (ids x-000001…, ISO times, redacted-free bodies), so a check
 * sees exactly what a run would give it.
 */
export class EvidenceBuilder {
  readonly traffic: ExchangeRecord[] = [];
  readonly events: SimulatorEvent[] = [];
  readonly steps: FlowStepRecord[] = [];

  exchange(input: {
    from: Party;
    to: Party;
    method: string;
    url: string;
    operationId?: string;
    body?: unknown;
    status?: number;
    responseBody?: unknown;
    headers?: Record<string, string>;
    atMs: number;
    durationMs?: number;
    annotations?: Record<string, string>;
  }): ExchangeRecord {
    const seq = this.traffic.length + 1;
    const record: ExchangeRecord = {
      seq,
      id: `x-${String(seq).padStart(6, '0')}`,
      from: input.from,
      to: input.to,
      api: undefined,
      operationId: input.operationId,
      startedAt: new Date(input.atMs).toISOString(),
      durationMs: input.durationMs ?? 5,
      request: { method: input.method, url: input.url, headers: {}, body: input.body, bodyText: undefined, bodyBytes: 0 },
      response: input.status === undefined ? undefined : { status: input.status, headers: input.headers ?? {}, body: input.responseBody, bodyText: undefined, bodyBytes: 0 },
      failure: input.status === undefined ? 'connection dropped' : undefined,
      findings: [],
      annotations: input.annotations ?? {},
    };
    this.traffic.push(record);
    return record;
  }

  event(body: SimulatorEventBody, atMs: number): SimulatorEvent {
    const event = { ...body, seq: this.events.length + 1, at: new Date(atMs).toISOString() } as SimulatorEvent;
    this.events.push(event);
    return event;
  }

  /** A candidate POST /v1/statements; `statementId` makes it accepted (201), `status` overrides the answer. */
  statement(input: {
    bankAccountId: string;
    atMs: number;
    durationMs?: number;
    transactions?: readonly Partial<Transaction>[];
    statementId?: string;
    status?: number;
    ledgerBalance?: number;
    accountStatus?: string;
    bankId?: string;
    principalId?: string;
    expected?: unknown;
    completedAtMs?: number;
    rejectedAtMs?: number;
  }): ExchangeRecord {
    const transactions = (input.transactions ?? []).map((partial, index) => transaction(input.bankAccountId, index, partial));
    const status = input.status ?? (input.statementId ? 201 : 422);
    const record = this.exchange({
      from: 'candidate',
      to: 'banking-service',
      method: 'POST',
      url: 'http://127.0.0.1:1/v1/statements',
      operationId: 'postStatement',
      atMs: input.atMs,
      ...(input.durationMs === undefined ? {} : { durationMs: input.durationMs }),
      status,
      responseBody: input.statementId ? { data: { _id: input.statementId, status: 'accepted' } } : { errors: [{ code: 'refused', message: 'refused' }] },
      body: {
        data: {
          principalId: input.principalId ?? input.bankAccountId,
          bankId: input.bankId ?? BANK_ID,
          expected: input.expected ?? expectedOf(transactions),
          accountDetails: [{
            bankAccountId: input.bankAccountId,
            status: input.accountStatus ?? 'active',
            ...(input.ledgerBalance === undefined ? {} : { balances: { ledgerBalance: input.ledgerBalance, ledgerBalanceDate: '2026-01-01T00:00:00.000Z' } }),
          }],
          transactionDetails: transactions,
        },
      },
    });
    if (input.statementId && input.completedAtMs !== undefined) {
      this.event({ type: 'statement.completed', statementId: input.statementId, bankAccountId: input.bankAccountId, transactionsStored: transactions.length, firstTransactionId: undefined, lastTransactionId: undefined }, input.completedAtMs);
    }
    if (input.statementId && input.rejectedAtMs !== undefined) {
      this.event({ type: 'statement.rejected', statementId: input.statementId, bankAccountId: input.bankAccountId, reasons: [] }, input.rejectedAtMs);
    }
    return record;
  }

  /** The candidate's GET /v1/statements/{id} answering `state`. */
  poll(statementId: string, atMs: number, state: string): ExchangeRecord {
    return this.exchange({
      from: 'candidate', to: 'banking-service', method: 'GET', url: `http://127.0.0.1:1/v1/statements/${statementId}`, operationId: 'getStatement', atMs, status: 200, responseBody: { data: { _id: statementId, status: state } },
    });
  }

  /** Banking Service's bank-account-created notification to the candidate, acknowledged 202. */
  bankAccountCreated(bankAccountId: string, requestedStartDate: string, atMs: number): ExchangeRecord {
    this.event({ type: 'account.created', bankAccountId, externalId: `ext-${bankAccountId}`, bankId: BANK_ID, organisationId: 'o', companyId: 'c', status: 'pending', via: 'onboarding' }, atMs);
    return this.exchange({
      from: 'banking-service', to: 'candidate', method: 'POST', url: 'http://127.0.0.1:2/notification', operationId: 'postNotification', atMs, status: 202,
      body: { type: 'resourceCreated', resource: { id: bankAccountId, type: 'bankAccount', url: 'NA' }, additionalData: { externalId: `ext-${bankAccountId}`, requestedStartDate, bankId: BANK_ID } },
    });
  }

  /** Records a step over everything added since `from` (a mark taken with `mark()`). */
  step(flow: Flow, step: string, from: { exchange: number; event: number }, data: Record<string, string> = {}, status: FlowStepRecord['status'] = 'ok', message = 'done'): FlowStepRecord {
    const record: FlowStepRecord = {
      seq: this.steps.length + 1, flow, step, status, message, startedAt: '', durationMs: 1,
      afterExchange: from.exchange, lastExchange: this.traffic.length, afterEvent: from.event, lastEvent: this.events.length, data,
    };
    this.steps.push(record);
    return record;
  }

  mark(): { exchange: number; event: number } {
    return { exchange: this.traffic.length, event: this.events.length };
  }

  build(): Evidence {
    return {
      traffic: this.traffic,
      events: this.events,
      steps: this.steps,
      facts: { capabilities: [], policies: DEFAULT_POLICIES, providerClientId: 'client', connectorUrl: 'http://127.0.0.1:2', tokenLifetimeSeconds: 3600, authDriver: 'form' },
    };
  }
}

export const BANK_ID = '10aaeee6-4691-4443-8198-df39aaa8007c';

export interface Transaction {
  uniqueId: string;
  bankAccountId: string;
  transactionAmount: number;
  transactionType: 'CREDIT' | 'DEBIT';
  transactionStatus: string;
  datePosted: string;
  referenceNumber: string;
  description: string;
  exchangeCurrency?: string;
  exchangeAmount?: number;
}

function transaction(bankAccountId: string, index: number, partial: Partial<Transaction>): Transaction {
  const amount = partial.transactionAmount ?? -10;
  return {
    uniqueId: `uid-${index}`,
    bankAccountId,
    transactionAmount: amount,
    transactionType: amount < 0 ? 'DEBIT' : 'CREDIT',
    transactionStatus: 'posted',
    datePosted: `2026-01-0${1 + (index % 9)}T10:00:00.000Z`,
    referenceNumber: `ref-${index}`,
    description: `payment ${index}`,
    ...partial,
  };
}

function expectedOf(transactions: readonly Transaction[]) {
  const credits = transactions.filter((t) => t.transactionType === 'CREDIT').reduce((sum, t) => sum + t.transactionAmount, 0);
  const debits = transactions.filter((t) => t.transactionType === 'DEBIT').reduce((sum, t) => sum + t.transactionAmount, 0);
  return { transactionDetailsCount: transactions.length, accountDetailsCount: 1, transactionCreditSum: credits, transactionDebitSum: debits };
}
