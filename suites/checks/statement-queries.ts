import type { SimulatorEvent } from '../../harness/banking-service/events/simulator-event.ts';
import type { ExchangeRecord } from '../../harness/traffic/index.ts';
import { fail, pass, type CheckOutcome } from './check.ts';
import type { Evidence } from './evidence.ts';

/**
 * The candidate's statements as the posting and re-authorisation checks read them: every POST /v1/statements
 * the candidate sent (its own request, whatever Banking Service made of it), narrowed defensively — a check never
 * throws on a body the candidate got wrong — and joined with what became of it (the answer, data._id, the
 * simulator's completion or rejection). Pure functions of the evidence.
 */

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const finite = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

export interface StatementTransaction {
  readonly index: number;
  /** RFC 6901 pointer of the transaction in the statement body. */
  readonly pointer: string;
  readonly uniqueId: string | undefined;
  readonly bankAccountId: unknown;
  readonly transactionAmount: unknown;
  readonly transactionType: unknown;
  readonly transactionStatus: unknown;
  readonly datePosted: string | undefined;
  /** Epoch ms of datePosted, undefined when it does not parse. */
  readonly datePostedMs: number | undefined;
  readonly exchangeAmount: unknown;
  readonly exchangeCurrency: unknown;
  readonly referenceNumber: unknown;
  readonly description: unknown;
  readonly raw: unknown;
}

/**
 * completed/rejected: Banking Service accepted it (2xx with data._id) and then finished it; in-flight: accepted and
 * not finished when the run ended; refused: answered 4xx (nothing stored) [KC-04]; uncertain: a 5xx or no answer,
 * so the candidate cannot know whether it landed (R3) [APPLY].
 */
export type StatementOutcome = 'completed' | 'rejected' | 'in-flight' | 'refused' | 'uncertain';

export interface PostedStatement {
  readonly exchange: ExchangeRecord;
  readonly startMs: number;
  /** When the answer was complete (or the exchange failed). */
  readonly endMs: number;
  /** `data` of the body, when the body is an object holding an object `data`. */
  readonly data: Record<string, unknown> | undefined;
  /** `data.accountDetails` as sent, undefined when it is not an array. */
  readonly accountDetails: readonly unknown[] | undefined;
  /** accountDetails[0].bankAccountId. */
  readonly bankAccountId: string | undefined;
  /** accountDetails[0].status. */
  readonly accountStatus: string | undefined;
  /** accountDetails[0].balances when it is an object. */
  readonly balances: Record<string, unknown> | undefined;
  readonly transactions: readonly StatementTransaction[];
  readonly httpStatus: number | undefined;
  /** data._id of a 2xx answer. */
  readonly statementId: string | undefined;
  readonly outcome: StatementOutcome;
  /**
   * The statement Banking Service made of it: data._id of a 2xx answer, or — for an answer the kit's fault injector
   * lost after storing the statement (a 500 or a dropped connection, "stored") — the statement it stored, which the
   * candidate cannot know.
   */
  readonly storedAs: string | undefined;
  /** The simulator's statement.completed or statement.rejected event of `storedAs`, when there is one. */
  readonly finish: SimulatorEvent | undefined;
  readonly finishedMs: number | undefined;
  /** Banking Service completed it, so its transactions and balance count as accepted, whatever the candidate heard. */
  readonly landed: boolean;
}

const cache = new WeakMap<Evidence, readonly PostedStatement[]>();

const isStatementPost = (record: ExchangeRecord): boolean =>
  record.from === 'candidate' && record.request.method === 'POST'
  && (record.operationId === 'postStatement' || (record.operationId === undefined && new URL(record.request.url).pathname.endsWith('/v1/statements')));

/** Every POST /v1/statements of the candidate, in the order the candidate started them. */
export function postedStatements(evidence: Evidence): readonly PostedStatement[] {
  const known = cache.get(evidence);
  if (known) return known;
  const finishes = new Map<string, SimulatorEvent>();
  for (const event of evidence.events) {
    if ((event.type === 'statement.completed' || event.type === 'statement.rejected') && !finishes.has(event.statementId)) finishes.set(event.statementId, event);
  }
  const lost = lostAnswerStatements(evidence);
  const statements = evidence.traffic.filter(isStatementPost)
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || a.seq - b.seq)
    .map((exchange) => readPosted(exchange, finishes, isLostAnswer(exchange) ? lost.shift() : undefined));
  statements.sort((a, b) => a.startMs - b.startMs || a.exchange.seq - b.exchange.seq);
  const frozen = Object.freeze(statements);
  cache.set(evidence, frozen);
  return frozen;
}

const isLostAnswer = (exchange: ExchangeRecord): boolean => exchange.annotations['fault.stored'] === 'true';

/**
 * The statements the fault injector stored before losing their answer, in the order it handled them: its
 * fault.injected event is followed at once (the handler runs synchronously) by statement.received and
 * statement.accepted, unless the statement was refused.
 */
function lostAnswerStatements(evidence: Evidence): (string | undefined)[] {
  const events = evidence.events;
  return events.flatMap((event, index) => {
    if (event.type !== 'fault.injected' || event.operationId !== 'postStatement' || event.detail['fault.stored'] !== 'true') return [];
    const accepted = events[index + 2];
    return [events[index + 1]?.type === 'statement.received' && accepted?.type === 'statement.accepted' ? accepted.statementId : undefined];
  });
}

function readPosted(exchange: ExchangeRecord, finishes: ReadonlyMap<string, SimulatorEvent>, lostAnswerOf: string | undefined): PostedStatement {
  const startMs = Date.parse(exchange.startedAt);
  const data = isObject(exchange.request.body) && isObject(exchange.request.body['data']) ? exchange.request.body['data'] : undefined;
  const accountDetails = Array.isArray(data?.['accountDetails']) ? (data['accountDetails'] as unknown[]) : undefined;
  const first = isObject(accountDetails?.[0]) ? accountDetails[0] : undefined;
  const list = Array.isArray(data?.['transactionDetails']) ? (data['transactionDetails'] as unknown[]) : [];
  const transactions = list.map((raw, index): StatementTransaction => {
    const entry = isObject(raw) ? raw : {};
    const datePosted = text(entry['datePosted']);
    const parsed = datePosted === undefined ? Number.NaN : Date.parse(datePosted);
    return {
      index,
      pointer: `/data/transactionDetails/${index}`,
      uniqueId: text(entry['uniqueId']),
      bankAccountId: entry['bankAccountId'],
      transactionAmount: entry['transactionAmount'],
      transactionType: entry['transactionType'],
      transactionStatus: entry['transactionStatus'],
      datePosted,
      datePostedMs: Number.isNaN(parsed) ? undefined : parsed,
      exchangeAmount: entry['exchangeAmount'],
      exchangeCurrency: entry['exchangeCurrency'],
      referenceNumber: entry['referenceNumber'],
      description: entry['description'],
      raw,
    };
  });
  const httpStatus = exchange.response?.status;
  const answer = isObject(exchange.response?.body) ? exchange.response.body['data'] : undefined;
  const accepted = httpStatus !== undefined && httpStatus >= 200 && httpStatus <= 299;
  const statementId = accepted && isObject(answer) ? text(answer['_id']) : undefined;
  const storedAs = statementId ?? lostAnswerOf;
  const finish = storedAs === undefined ? undefined : finishes.get(storedAs);
  const outcome: StatementOutcome = httpStatus === undefined || httpStatus >= 500 ? 'uncertain'
    : statementId === undefined ? 'refused'
      : finish?.type === 'statement.completed' ? 'completed'
        : finish?.type === 'statement.rejected' ? 'rejected' : 'in-flight';
  // (For an uncertain answer `finish` is the fate of the statement the candidate does not know of.)
  return {
    exchange,
    startMs,
    endMs: startMs + exchange.durationMs,
    data,
    accountDetails,
    bankAccountId: text(first?.['bankAccountId']),
    accountStatus: text(first?.['status']),
    balances: isObject(first?.['balances']) ? first['balances'] : undefined,
    transactions,
    httpStatus,
    statementId,
    outcome,
    storedAs,
    finish,
    finishedMs: finish ? Date.parse(finish.at) : undefined,
    landed: finish?.type === 'statement.completed',
  };
}

/** The statements per bank account (accountDetails[0].bankAccountId), each list in the order they were started. */
export function statementsByAccount(statements: readonly PostedStatement[]): Map<string, PostedStatement[]> {
  const byAccount = new Map<string, PostedStatement[]>();
  for (const statement of statements) {
    if (statement.bankAccountId === undefined) continue;
    const list = byAccount.get(statement.bankAccountId) ?? [];
    list.push(statement);
    byAccount.set(statement.bankAccountId, list);
  }
  return byAccount;
}

const uniqueIdList = (statement: PostedStatement): string => JSON.stringify(statement.transactions.map((transaction) => transaction.uniqueId ?? null));

/**
 * A resubmission of the statement before it for the same account after an uncertain or failed delivery: the same
 * transactions under the same uniqueIds, while the earlier copy never completed for all the candidate knew
 * (R3) [APPLY] [SETUP] [GS].
 */
export function isResubmission(list: readonly PostedStatement[], index: number): boolean {
  const previous = list[index - 1];
  const current = list[index];
  if (!previous || !current || previous.outcome === 'completed') return false;
  return current.transactions.length > 0 && uniqueIdList(previous) === uniqueIdList(current);
}

/** What makes two transactions the same one when their uniqueIds differ (STMT-06's observable). */
export function fingerprintOf(transaction: StatementTransaction): string {
  return JSON.stringify([transaction.datePosted ?? null, transaction.transactionAmount ?? null, transaction.referenceNumber ?? null, transaction.description ?? null]);
}

export interface BankAccountNotification {
  readonly exchange: ExchangeRecord;
  readonly bankAccountId: string;
  readonly externalId: string | undefined;
  readonly requestedStartDate: string | undefined;
  readonly bankId: string | undefined;
  /** The candidate answered 2xx. */
  readonly acknowledged: boolean;
}

/** The bank-account-created notifications Banking Service delivered to the candidate [C-NOTIF]. */
export function bankAccountNotifications(evidence: Evidence): BankAccountNotification[] {
  return evidence.traffic.flatMap((exchange) => {
    if (exchange.from !== 'banking-service' || exchange.to !== 'candidate' || exchange.operationId !== 'postNotification') return [];
    const body = exchange.request.body;
    if (!isObject(body) || body['type'] !== 'resourceCreated' || !isObject(body['resource']) || body['resource']['type'] !== 'bankAccount') return [];
    const bankAccountId = text(body['resource']['id']);
    if (bankAccountId === undefined) return [];
    const additional = isObject(body['additionalData']) ? body['additionalData'] : {};
    const status = exchange.response?.status;
    return [{
      exchange,
      bankAccountId,
      externalId: text(additional['externalId']),
      requestedStartDate: text(additional['requestedStartDate']),
      bankId: text(additional['bankId']),
      acknowledged: status !== undefined && status >= 200 && status <= 299,
    }];
  });
}

/** The Banking Service bank of every bank account the simulator created, from its account.created events. */
export function accountBanks(evidence: Evidence): Map<string, { readonly bankId: string; readonly seq: number }> {
  const banks = new Map<string, { bankId: string; seq: number }>();
  for (const event of evidence.events) if (event.type === 'account.created') banks.set(event.bankAccountId, { bankId: event.bankId, seq: event.seq });
  return banks;
}

/** The defaultCurrency of bank accounts as the product's Consumer API answers show them (undefined when never shown). */
export function accountCurrencies(evidence: Evidence): Map<string, string> {
  const currencies = new Map<string, string>();
  for (const exchange of evidence.traffic) {
    if (exchange.from !== 'product' || exchange.api !== 'consumer-api') continue;
    const body = exchange.response?.body;
    const account = isObject(body) && isObject(body['bankAccount']) ? body['bankAccount'] : body;
    if (!isObject(account)) continue;
    const id = text(account['bankAccountId']);
    const currency = text(account['defaultCurrency']);
    if (id !== undefined && currency !== undefined && currency !== '') currencies.set(id, currency);
  }
  return currencies;
}

export interface StatementRead {
  readonly exchange: ExchangeRecord;
  readonly statementId: string;
  readonly httpStatus: number | undefined;
  /** data.status of the answer: accepted, processing, completed, rejected [KC-05]. */
  readonly state: string | undefined;
  readonly final: boolean;
  readonly endMs: number;
}

/** The candidate's GET /v1/statements/{statementId} calls [P-STMT] [BRUNO]. */
export function statementReads(evidence: Evidence): StatementRead[] {
  return evidence.traffic.flatMap((exchange) => {
    if (exchange.from !== 'candidate' || exchange.request.method !== 'GET') return [];
    const match = /\/v1\/statements\/([^/?#]+)$/.exec(new URL(exchange.request.url).pathname);
    if (!match?.[1] || (exchange.operationId !== undefined && exchange.operationId !== 'getStatement')) return [];
    const body = exchange.response?.body;
    const state = isObject(body) && isObject(body['data']) ? text(body['data']['status']) : undefined;
    return [{
      exchange,
      statementId: decodeURIComponent(match[1]),
      httpStatus: exchange.response?.status,
      state,
      final: exchange.response?.status === 200 && (state === 'completed' || state === 'rejected'),
      endMs: Date.parse(exchange.startedAt) + exchange.durationMs,
    }];
  });
}

/** Whether an exchange was captured while a step ran. */
export const withinStep = (exchange: ExchangeRecord, step: { readonly afterExchange: number; readonly lastExchange: number }): boolean =>
  exchange.seq > step.afterExchange && exchange.seq <= step.lastExchange;

/** UTC calendar day of an instant: requestedStartDate is compared by date, as Banking Service does [KC-21]. */
export const utcDay = (instant: number): number => Math.floor(instant / 86_400_000);

/** Amounts are compared to half a minor unit [KC-20]. */
export const sameAmount = (a: number, b: number): boolean => Math.abs(a - b) < 0.005;

export const formatAmount = (value: number): string => String(Math.round(value * 1e6) / 1e6);

export const numberOf = finite;

/** One thing wrong in one exchange, at one field. */
export interface Finding {
  readonly exchange: ExchangeRecord;
  /** RFC 6901 pointer into the request body, or a description of where for non-body findings. */
  readonly pointer: string;
  readonly message: string;
  readonly events?: readonly number[];
}

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/**
 * The verdict of a check that walked some exchanges: a failure names the first finding's exchange id and
 * pointer (and how many more there are), a pass says what was looked at.
 */
export function decide(findings: readonly Finding[], passed: string, looked: readonly ExchangeRecord[], events: readonly number[] = []): CheckOutcome {
  const first = findings[0];
  if (!first) return pass(passed, unique(looked.map((exchange) => exchange.id)), events);
  const others = unique(findings.slice(1).map((finding) => finding.exchange.id)).filter((id) => id !== first.exchange.id);
  const more = findings.length > 1 ? ` (${findings.length - 1} more finding(s)${others.length > 0 ? `, also in ${others.slice(0, 5).join(', ')}${others.length > 5 ? ', …' : ''}` : ''})` : '';
  return fail(
    `${first.exchange.id} ${first.pointer}: ${first.message}${more}`,
    unique(findings.map((finding) => finding.exchange.id)),
    unique([...findings.flatMap((finding) => finding.events ?? []), ...events]),
  );
}
