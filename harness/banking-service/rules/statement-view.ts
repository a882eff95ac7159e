/**
 * A POST /v1/statements body narrowed for the rules. The spec validation runs first and reports types; this
 * reader only guarantees the shape the rules walk (objects and arrays where they belong) and reads every field
 * defensively, so a rule never throws on a body the schema let through (or on a run without specs).
 */
export interface Balances {
  readonly ledgerBalance: number | undefined;
  readonly availableBalance: number | undefined;
}

export interface AccountDetailView {
  readonly bankAccountId: string | undefined;
  readonly status: string | undefined;
  /** Undefined when the statement carries no balances object at all. */
  readonly balances: Balances | undefined;
}

export interface TransactionView {
  readonly index: number;
  readonly uniqueId: string | undefined;
  readonly bankAccountId: string | undefined;
  readonly transactionAmount: number | undefined;
  readonly transactionType: string | undefined;
  readonly transactionStatus: string | undefined;
  readonly datePosted: string | undefined;
  readonly exchangeAmount: number | undefined;
  /** The transaction as the provider sent it, stored for the product. */
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface StatementView {
  readonly principalId: string | undefined;
  readonly bankId: string | undefined;
  /** The expected control block, undefined when absent [BRUNO]. */
  readonly expected: Readonly<Record<string, unknown>> | undefined;
  readonly accountDetails: readonly AccountDetailView[];
  readonly transactionDetails: readonly TransactionView[];
}

export interface ShapeProblem {
  readonly pointer: string;
  readonly message: string;
}

export type ReadStatementResult = { readonly ok: true; readonly statement: StatementView } | { readonly ok: false; readonly problems: readonly ShapeProblem[] };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const number = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

export function readStatement(body: unknown): ReadStatementResult {
  if (!isRecord(body) || !isRecord(body['data'])) return { ok: false, problems: [{ pointer: '/data', message: 'the body must be a JSON object with a "data" object [P-STMT] [BRUNO]' }] };
  const data = body['data'];
  const problems: ShapeProblem[] = [];
  const list = (name: string): unknown[] => {
    const value = data[name];
    if (value === undefined) {
      problems.push({ pointer: `/data/${name}`, message: `data.${name} is missing: send an array (empty when there is nothing to send) [P-STMT] [BRUNO]` });
      return [];
    }
    if (!Array.isArray(value)) {
      problems.push({ pointer: `/data/${name}`, message: `data.${name} must be an array [P-STMT] [BRUNO]` });
      return [];
    }
    value.forEach((item, index) => {
      if (!isRecord(item)) problems.push({ pointer: `/data/${name}/${index}`, message: `data.${name}[${index}] must be an object` });
    });
    return value;
  };
  const accountDetails = list('accountDetails');
  const transactionDetails = list('transactionDetails');
  const expected = data['expected'];
  if (expected !== undefined && expected !== null && !isRecord(expected)) problems.push({ pointer: '/data/expected', message: 'data.expected must be an object [BRUNO]' });
  if (problems.length > 0) return { ok: false, problems };

  return {
    ok: true,
    statement: {
      principalId: text(data['principalId']),
      bankId: text(data['bankId']),
      expected: isRecord(expected) ? expected : undefined,
      accountDetails: accountDetails.filter(isRecord).map((detail) => ({
        bankAccountId: text(detail['bankAccountId']),
        status: text(detail['status']),
        balances: isRecord(detail['balances'])
          ? { ledgerBalance: number(detail['balances']['ledgerBalance']), availableBalance: number(detail['balances']['availableBalance']) }
          : undefined,
      })),
      transactionDetails: transactionDetails.filter(isRecord).map((transaction, index) => ({
        index,
        uniqueId: text(transaction['uniqueId']),
        bankAccountId: text(transaction['bankAccountId']),
        transactionAmount: number(transaction['transactionAmount']),
        transactionType: text(transaction['transactionType']),
        transactionStatus: text(transaction['transactionStatus']),
        datePosted: text(transaction['datePosted']),
        exchangeAmount: number(transaction['exchangeAmount']),
        fields: transaction,
      })),
    },
  };
}

/** Epoch ms of an ISO 8601 date-time, undefined when it does not parse (the schema reports the format). */
export function instantOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}
