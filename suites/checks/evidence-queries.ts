import type { EventOfType, SimulatorEventType } from '../../harness/banking-service/events/simulator-event.ts';
import type { ExchangeRecord } from '../../harness/traffic/index.ts';
import type { Flow as FlowId } from '../requirements/index.ts';
import type { FlowStepRecord } from '../flows/flow-step.ts';
import type { Evidence } from './evidence.ts';

/** Calls the candidate made to Banking Service's Provider API (or Sage ID), optionally of one operation. */
export const candidateCalls = (evidence: Evidence, operationId?: string): ExchangeRecord[] =>
  evidence.traffic.filter((record) => record.from === 'candidate' && (operationId === undefined || record.operationId === operationId));

/** Calls Banking Service (or the kit's browser/hooks) made to the candidate, optionally of one operation. */
export const callsToCandidate = (evidence: Evidence, operationId?: string): ExchangeRecord[] =>
  evidence.traffic.filter((record) => record.to === 'candidate' && (operationId === undefined || record.operationId === operationId));

export const eventsOf = <Type extends SimulatorEventType>(evidence: Evidence, type: Type): EventOfType<Type>[] =>
  evidence.events.filter((event): event is EventOfType<Type> => event.type === type);

export const stepsOf = (evidence: Evidence, flow: FlowId, name?: string): FlowStepRecord[] =>
  evidence.steps.filter((step) => step.flow === flow && (name === undefined || step.step === name));

/** The traffic records captured while a step ran. */
export const exchangesIn = (evidence: Evidence, step: FlowStepRecord): ExchangeRecord[] =>
  evidence.traffic.filter((record) => record.seq > step.afterExchange && record.seq <= step.lastExchange);

/** The simulator events appended while a step ran. */
export const eventsIn = (evidence: Evidence, step: FlowStepRecord) =>
  evidence.events.filter((event) => event.seq > step.afterEvent && event.seq <= step.lastEvent);

export const ids = (records: readonly ExchangeRecord[]): string[] => records.map((record) => record.id);

/** The JSON body of a record's request, narrowed to an object (or undefined). */
export const requestBody = (record: ExchangeRecord): Record<string, unknown> | undefined =>
  record.request.body !== null && typeof record.request.body === 'object' ? (record.request.body as Record<string, unknown>) : undefined;

/** When an exchange ended (its answer was complete), in epoch ms. */
export const exchangeEndMs = (record: ExchangeRecord): number => Date.parse(record.startedAt) + record.durationMs;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The bank account ids a POST /v1/statements body names, in accountDetails and transactionDetails. */
export const statementAccountIds = (record: ExchangeRecord): string[] => {
  const data = requestBody(record)?.['data'];
  if (!isObject(data)) return [];
  const ids = [data['accountDetails'], data['transactionDetails']].flatMap((list) => (Array.isArray(list) ? list : []))
    .map((entry) => (isObject(entry) ? entry['bankAccountId'] : undefined))
    .filter((id): id is string => typeof id === 'string');
  return [...new Set(ids)];
};

/** The candidate's POST /v1/statements exchanges naming a bank account, in order (throttled and failed attempts included). */
export const statementPostsFor = (evidence: Pick<Evidence, 'traffic'>, bankAccountId: string): ExchangeRecord[] =>
  evidence.traffic.filter((record) => record.from === 'candidate' && record.operationId === 'postStatement' && statementAccountIds(record).includes(bankAccountId));

/** data._id of a POST /v1/statements answer, when Banking Service accepted it. */
export const statementIdOf = (record: ExchangeRecord): string | undefined => {
  const data = isObject(record.response?.body) ? (record.response.body as Record<string, unknown>)['data'] : undefined;
  return isObject(data) && typeof data['_id'] === 'string' ? data['_id'] : undefined;
};

/** One transaction of a statement the candidate posted, with the exchange that carried it. */
export interface PostedTransaction {
  readonly uniqueId: string | undefined;
  readonly datePosted: string | undefined;
  readonly exchange: ExchangeRecord;
  /**
   * completed (stored by Banking Service), rejected while processing, refused at POST on its merits (4xx), not
   * processed (401, 429, 5xx or no answer: nothing was judged), or still in flight when the run ended.
   */
  readonly outcome: 'completed' | 'rejected' | 'refused' | 'not-processed' | 'in-flight';
}

/** Every transaction the candidate posted for a bank account, with what became of its statement. */
export const postedTransactionsFor = (evidence: Pick<Evidence, 'traffic' | 'events'>, bankAccountId: string): PostedTransaction[] =>
  statementPostsFor(evidence, bankAccountId).flatMap((exchange) => {
    const statementId = statementIdOf(exchange);
    const status = exchange.response?.status ?? 0;
    const outcome: PostedTransaction['outcome'] = status === 0 || status === 401 || status === 429 || status >= 500 ? 'not-processed'
      : statementId === undefined || status < 200 || status > 299 ? 'refused'
      : evidence.events.some((event) => event.type === 'statement.completed' && event.statementId === statementId) ? 'completed'
        : evidence.events.some((event) => event.type === 'statement.rejected' && event.statementId === statementId) ? 'rejected' : 'in-flight';
    const details = requestBody(exchange)?.['data'];
    const transactions = isObject(details) && Array.isArray(details['transactionDetails']) ? details['transactionDetails'] : [];
    return transactions.filter(isObject).map((transaction) => ({
      uniqueId: typeof transaction['uniqueId'] === 'string' ? transaction['uniqueId'] : undefined,
      datePosted: typeof transaction['datePosted'] === 'string' ? transaction['datePosted'] : undefined,
      exchange,
      outcome,
    }));
  });
