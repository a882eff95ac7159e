import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStatement } from '../test-support/statement-builder.ts';
import { CURRENT_ACCOUNT, startFixture, type Fixture } from '../test-support/simulator-fixture.ts';

/**
 * Injected faults on the Provider API (harness/banking-service/faults): each answers as scheduled, is annotated
 * on its exchange record and emitted as an event, and the "stored" variants really took effect.
 */
describe('fault injection on the Provider API', () => {
  let fixture: Fixture;
  let account: string;

  beforeAll(async () => {
    fixture = await startFixture({ specs: 'none', rateLimit: { requestsPerSecond: 1000 } });
    account = await fixture.onboard(CURRENT_ACCOUNT);
  });
  afterAll(() => fixture.close());

  const nextCount = (operationId: string) => fixture.simulator.faults.count(operationId) + 1;
  const statementFor = (amount: number, ledgerBalance: number) => buildStatement({ bankAccountId: account, bankId: fixture.bankId, transactions: [{ amount }], ledgerBalance });
  const lastProviderRecord = () => fixture.simulator.traffic.all().filter((record) => record.api === 'provider-api').at(-1);

  it('unauthorized-401 on a token that is still valid; the next call with the same token passes', async () => {
    fixture.simulator.faults.add({ operationId: 'getStatement', occurrence: nextCount('getStatement'), fault: { kind: 'unauthorized-401' } });
    const refused = await fixture.provider.getStatement('x');
    expect(refused.status).toBe(401);
    expect(lastProviderRecord()?.annotations).toEqual({ fault: 'unauthorized-401' });
    expect((await fixture.provider.getStatement('x')).status).toBe(404);
    expect(fixture.simulator.events.ofType('fault.injected').at(-1)).toMatchObject({ operationId: 'getStatement', fault: 'unauthorized-401' });
  });

  it('rate-limit-429 with the scheduled Retry-After', async () => {
    fixture.simulator.faults.add({ operationId: 'postAccountQuery', occurrence: nextCount('postAccountQuery'), fault: { kind: 'rate-limit-429', retryAfterSeconds: 3 } });
    const answer = await fixture.provider.call('POST', '/v1/accountqueries', { data: { bankId: fixture.bankId, externalId: CURRENT_ACCOUNT.bankAccountExternalId } });
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('3');
    expect(lastProviderRecord()?.annotations).toEqual({ fault: 'rate-limit-429', 'fault.retryAfterSeconds': '3' });
  });

  it('server-error-500 before storing: nothing stored, the resubmission is accepted', async () => {
    fixture.simulator.faults.add({ operationId: 'postStatement', occurrence: nextCount('postStatement'), fault: { kind: 'server-error-500', stored: false } });
    const statement = statementFor(10, 10);
    const before = fixture.simulator.state.statements().length;
    expect((await fixture.provider.postStatement(statement)).status).toBe(500);
    expect(fixture.simulator.state.statements()).toHaveLength(before);
    const retry = await fixture.provider.postStatement(statement);
    expect(retry.status).toBe(201);
    await fixture.settled((retry.body as { data: { _id: string } }).data._id);
    expect(fixture.simulator.state.transactions(account)).toHaveLength(1);
  });

  it('server-error-500 after storing (the lost response): the statement was processed, and resubmitting it is rejected as a duplicate, never double-posted [R3]', async () => {
    fixture.simulator.faults.add({ operationId: 'postStatement', occurrence: nextCount('postStatement'), fault: { kind: 'server-error-500', stored: true } });
    const statement = statementFor(5, 15);
    const lost = await fixture.provider.postStatement(statement);
    expect(lost.status).toBe(500);
    expect(lastProviderRecord()?.annotations).toEqual({ fault: 'server-error-500', 'fault.stored': 'true' });
    const stored = fixture.simulator.state.statements().at(-1);
    expect(stored?.bankAccountId).toBe(account);
    await fixture.settled(stored?.id ?? '');
    const resubmitted = await fixture.provider.postStatement(statement);
    expect(resubmitted.status).toBe(201);
    const outcome = await fixture.settled((resubmitted.body as { data: { _id: string } }).data._id);
    expect(outcome.type).toBe('statement.rejected');
    expect(outcome.type === 'statement.rejected' && outcome.reasons.map((reason) => reason.rule)).toContain('unique-transaction-ids');
    expect(fixture.simulator.state.transactions(account).map((transaction) => transaction.fields['transactionAmount'])).toEqual([10, 5]);
  });

  it('drop-connection before and after storing', async () => {
    fixture.simulator.faults.add({ operationId: 'postStatement', occurrence: nextCount('postStatement'), fault: { kind: 'drop-connection', stored: false } });
    const before = fixture.simulator.state.statements().length;
    const dropped = await fixture.provider.postStatement(statementFor(1, 16));
    expect(dropped.failure).toMatch(/^connection:/);
    expect(fixture.simulator.state.statements()).toHaveLength(before);
    expect(lastProviderRecord()).toMatchObject({ response: undefined, annotations: { fault: 'drop-connection', 'fault.stored': 'false' } });

    fixture.simulator.faults.add({ operationId: 'postStatement', occurrence: nextCount('postStatement'), fault: { kind: 'drop-connection', stored: true } });
    const droppedAfter = await fixture.provider.postStatement(statementFor(1, 16));
    expect(droppedAfter.failure).toMatch(/^connection:/);
    const stored = fixture.simulator.state.statements().at(-1);
    expect(fixture.simulator.state.statements()).toHaveLength(before + 1);
    await fixture.settled(stored?.id ?? '');
    expect(fixture.simulator.state.transactions(account)).toHaveLength(3);
  });

  it('delay answers normally, later', async () => {
    fixture.simulator.faults.add({ operationId: 'getStatement', occurrence: nextCount('getStatement'), fault: { kind: 'delay', ms: 150 } });
    const started = performance.now();
    const answer = await fixture.provider.getStatement('x');
    expect(answer.status).toBe(404);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(lastProviderRecord()?.annotations).toEqual({ fault: 'delay', 'fault.ms': '150' });
  });

  it('refuses to schedule a fault on an operation the Provider API does not have', () => {
    expect(() => fixture.simulator.faults.add({ operationId: 'postStatements', occurrence: 1, fault: { kind: 'unauthorized-401' } })).toThrow(/not an operation of this API/);
  });
});
