import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_ACCOUNT, startFixture, type Fixture } from '../test-support/simulator-fixture.ts';
import { ScriptedProvider } from '../test-support/scripted-provider.ts';

const code = (body: unknown) => (body as { errors: { code: string }[] }).errors[0]?.code;

describe('POST /v1/accountqueries', () => {
  let fixture: Fixture;
  let account: string;

  beforeAll(async () => {
    fixture = await startFixture({ specs: 'none', rateLimit: { requestsPerSecond: 1000 } });
    account = await fixture.onboard(CURRENT_ACCOUNT);
  });
  afterAll(() => fixture.close());

  const query = (provider: ScriptedProvider, bankId: string, externalId: string) => provider.call('POST', '/v1/accountqueries', { data: { bankId, externalId } });

  it('answers the bank account id, status and requested start date for an external id [P-AQ]', async () => {
    expect(await query(fixture.provider, fixture.bankId, CURRENT_ACCOUNT.bankAccountExternalId)).toMatchObject({
      status: 200,
      body: { data: { bankAccountId: account, status: 'pending', requestedStartDate: '2024-02-01T00:00:00.000Z' } },
    });
  });

  it('prefers the live account once a disconnected one was reconnected', async () => {
    await fixture.product.deleteBankAccount(account);
    expect(await query(fixture.provider, fixture.bankId, CURRENT_ACCOUNT.bankAccountExternalId)).toMatchObject({ status: 200, body: { data: { bankAccountId: account, status: 'cancelled' } } });
    const reconnected = await fixture.onboard(CURRENT_ACCOUNT);
    expect(await query(fixture.provider, fixture.bankId, CURRENT_ACCOUNT.bankAccountExternalId)).toMatchObject({ status: 200, body: { data: { bankAccountId: reconnected, status: 'pending' } } });
  });

  it('answers 404 for an unknown external id or bank, 403 for another provider\'s bank', async () => {
    const unknownExternal = await query(fixture.provider, fixture.bankId, 'nope');
    expect(unknownExternal.status).toBe(404);
    expect(code(unknownExternal.body)).toBe('unknown-external-id');
    expect(code((await query(fixture.provider, '30a36e6b-4ce6-409a-8471-fa29e9999b3a', 'x')).body)).toBe('unknown-bank');
    const intruder = await ScriptedProvider.start(fixture.simulator.registerProvider());
    try {
      expect((await query(intruder, fixture.bankId, CURRENT_ACCOUNT.bankAccountExternalId)).status).toBe(403);
    } finally {
      await intruder.close();
    }
  });
});
