import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FAST_TIMING, TEST_SECRETS } from '../../test-support/connector-harness.ts';
import { startProviderApiStandIn, type ProviderApiStandIn } from '../../test-support/provider-api-stand-in.ts';
import { startSageIdStandIn, type SageIdStandIn } from '../../test-support/sage-id-stand-in.ts';
import { faultSet, NO_FAULTS, type FaultSet } from '../faults.ts';
import { silentLogger } from '../log.ts';
import { ProviderApiClient } from '../provider-api-client.ts';
import { SageIdClient } from '../sage-id-client.ts';
import { buildTransactionStatement } from './statement-builder.ts';
import { isDuplicateRejection, isInFlightRejection, StatementPoster } from './statement-poster.ts';
import type { StatementRequest } from './statement-types.ts';
import type { BankTransaction } from '../test-bank/index.ts';

const ACCOUNT = '5b26b598-a880-4e32-8c41-126aa0206857';
const STATEMENT = buildTransactionStatement(
  {
    bankAccountId: ACCOUNT,
    bankId: '10aaeee6-4691-4443-8198-df39aaa8007c',
    transactions: ['t1', 't2'].map((id, index) => ({ id, accountExternalId: 'ref-x', status: 'booked', date: `2025-05-0${index + 1}T00:00:00.000Z`, initiatedAt: '2025-05-01T00:00:00.000Z', amountMinor: 100 * (index + 1), description: 'd', counterparty: 'c', reference: 'r', exchange: undefined, category: { topLevelCategory: 'a', subCategory: 'b', categoryId: 1, standardIndustrialCode: '1' } }) satisfies BankTransaction),
    balanceMinor: 300,
    balanceDate: '2025-05-02T00:00:00.000Z',
  },
  NO_FAULTS,
);
const isPost = (request: { method: string; path: string }): boolean => request.method === 'POST' && request.path === '/v1/statements';
const DUPLICATE = { errors: [{ code: 'duplicate-unique-id', rule: 'R2', message: 'uniqueId t1 was sent before' }] };

describe('StatementPoster against a real HTTP stand-in', () => {
  let sageId: SageIdStandIn;
  let providerApi: ProviderApiStandIn;
  beforeAll(async () => {
    sageId = await startSageIdStandIn({ clientId: TEST_SECRETS.clientId, clientSecret: TEST_SECRETS.clientSecret, audience: TEST_SECRETS.audience });
    providerApi = await startProviderApiStandIn({ apiKey: TEST_SECRETS.apiKey });
  });
  afterAll(async () => {
    await Promise.all([sageId?.close(), providerApi?.close()]);
  });
  afterEach(() => {
    providerApi.scripted.length = 0;
    providerApi.finalStatus = () => ({ status: 'completed', reasons: [] });
  });

  const poster = (faults: FaultSet = NO_FAULTS): StatementPoster => {
    const tokens = new SageIdClient({ tokenUrl: `${sageId.url}/oauth/token`, clientId: TEST_SECRETS.clientId, clientSecret: TEST_SECRETS.clientSecret, audience: TEST_SECRETS.audience, timing: FAST_TIMING, faults, log: silentLogger });
    const api = new ProviderApiClient({ baseUrl: providerApi.url, apiKey: TEST_SECRETS.apiKey, tokens, timing: FAST_TIMING, faults, log: silentLogger });
    return new StatementPoster({ api, timing: FAST_TIMING, faults, log: silentLogger });
  };
  const postsSince = (from: number): StatementRequest[] => providerApi.requests.slice(from).filter(isPost).map((request) => request.body as StatementRequest);
  const uniqueIds = (statement: StatementRequest): string[] => statement.data.transactionDetails.map((detail) => detail.uniqueId);

  it('posts, polls until completed and only then returns', async () => {
    const from = providerApi.requests.length;
    const outcome = await poster().submit(STATEMENT);
    expect(outcome.kind).toBe('completed');
    const calls = providerApi.requests.slice(from).filter((request) => request.path.startsWith('/v1/statements'));
    expect(calls.at(-1)).toMatchObject({ method: 'GET', path: `/v1/statements/${outcome.kind === 'completed' ? outcome.statementId : ''}` });
  });

  it('resubmits the same statement, same uniqueIds, after a 500 and after a dropped connection', async () => {
    providerApi.scripted.push({ match: isPost, reply: { status: 500, json: { errors: [{ code: 'internal', message: 'boom' }] } } }, { match: isPost, reply: { drop: true } });
    const from = providerApi.requests.length;
    expect((await poster().submit(STATEMENT)).kind).toBe('completed');
    const posts = postsSince(from);
    expect(posts).toHaveLength(3);
    for (const post of posts) expect(post).toEqual(STATEMENT);
  });

  it('treats a duplicate refusal of the resubmission as delivered (synchronous 409 or asynchronous rejection)', async () => {
    providerApi.scripted.push({ match: isPost, reply: { status: 500, json: { errors: [{ code: 'internal', message: 'boom' }] } } }, { match: isPost, reply: { status: 409, json: DUPLICATE } });
    expect((await poster().submit(STATEMENT)).kind).toBe('delivered-earlier');

    providerApi.scripted.push({ match: isPost, reply: { drop: true } });
    providerApi.finalStatus = () => ({ status: 'rejected', reasons: [{ rule: 'R2', evidence: ['APPLY'], message: 'uniqueId t1 was sent before' }] });
    expect((await poster().submit(STATEMENT)).kind).toBe('delivered-earlier');
  });

  it('reports a duplicate refusal as a rejection when no earlier attempt can have landed', async () => {
    providerApi.scripted.push({ match: isPost, reply: { status: 409, json: DUPLICATE } });
    expect(await poster().submit(STATEMENT)).toMatchObject({ kind: 'rejected', httpStatus: 409, problems: ['R2/duplicate-unique-id: uniqueId t1 was sent before'] });
    providerApi.finalStatus = () => ({ status: 'rejected', reasons: [{ rule: 'R8', evidence: ['APPLY'], message: 'too wide' }] });
    expect(await poster().submit(STATEMENT)).toMatchObject({ kind: 'rejected', problems: ['R8: too wide'] });
  });

  it('waits and retries while Banking Service says an earlier statement is still in flight', async () => {
    providerApi.scripted.push({ match: isPost, reply: { status: 409, json: { errors: [{ code: 'statement-in-flight', rule: 'R7', message: 'in flight' }] } } });
    const from = providerApi.requests.length;
    expect((await poster().submit(STATEMENT)).kind).toBe('completed');
    expect(postsSince(from)).toHaveLength(2);
  });

  it('gives up as unconfirmed after the bounded retries', async () => {
    for (let index = 0; index <= FAST_TIMING.maxRetries; index += 1) providerApi.scripted.push({ match: isPost, reply: { status: 503, json: { errors: [{ code: 'x', message: 'down' }] } } });
    expect(await poster().submit(STATEMENT)).toMatchObject({ kind: 'unconfirmed', reason: 'HTTP 503' });
  });

  it('resubmits with fresh ids only under new-ids-on-resubmit, and skips the wait under concurrent-statements', async () => {
    providerApi.scripted.push({ match: isPost, reply: { status: 500, json: { errors: [{ code: 'internal', message: 'boom' }] } } });
    const from = providerApi.requests.length;
    await poster(faultSet(['new-ids-on-resubmit'])).submit(STATEMENT);
    expect(postsSince(from).map(uniqueIds)).toEqual([
      ['t1', 't2'],
      ['t1-r1', 't2-r1'],
    ]);
    const before = providerApi.requests.length;
    expect((await poster(faultSet(['concurrent-statements'])).submit(STATEMENT, { waitForCompletion: false })).kind).toBe('submitted');
    expect(providerApi.requests.slice(before).filter((request) => request.method === 'GET')).toHaveLength(0);
  });
});

describe('refusal classification', () => {
  it('recognises the kit simulator\'s duplicate and in-flight refusals, and only those', () => {
    const duplicate = { code: 'unique-transaction-ids', rule: 'unique-transaction-ids', message: 'transactionDetails[0].uniqueId "t1" was accepted in an earlier statement' };
    const spread = { code: 'two-week-spread', rule: 'two-week-spread', message: 'transaction 3 is 15 days older than the newest' };
    expect(isDuplicateRejection({ errors: [duplicate] })).toBe(true);
    expect(isDuplicateRejection({ data: { reasons: [{ ...duplicate, evidence: ['APPLY'] }] } })).toBe(true);
    expect(isDuplicateRejection({ data: { reasons: [duplicate, spread] } })).toBe(false);
    expect(isDuplicateRejection({ errors: [] })).toBe(false);
    expect(isDuplicateRejection('nonsense')).toBe(false);
    expect(isInFlightRejection({ errors: [{ code: 'one-statement-in-flight', rule: 'one-statement-in-flight', message: 'statement s1 is still processing' }] })).toBe(true);
    expect(isInFlightRejection({ errors: [spread] })).toBe(false);
  });
});
