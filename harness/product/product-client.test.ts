import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBankingServiceSimulator, type BankingServiceSimulator } from '../banking-service/simulator.ts';
import { ProductClient } from './product-client.ts';

describe('ProductClient against the simulated Consumer API', () => {
  let simulator: BankingServiceSimulator;

  beforeAll(async () => {
    simulator = await startBankingServiceSimulator({ specs: 'none' });
  });
  afterAll(() => simulator.close());

  it('creates an organisation (signed), gets a jwt (signed with the organisation key) and acts for its company', async () => {
    const product = new ProductClient(simulator.product);
    const organisation = await product.createOrganisation();
    expect(organisation.status).toBe(201);
    expect(product.company).toEqual({ organisationId: organisation.body?.organisationId, companyId: organisation.body?.companies[0]?.companyId });
    expect((await product.accessToken()).status).toBe(200);
    const bank = simulator.registerBank({ name: 'Kit Bank', countryCode: 'GB', callbackURLs: { notification: 'http://127.0.0.1:9/n', auth: 'http://127.0.0.1:9/a', reAuth: 'http://127.0.0.1:9/r' } });
    expect(await product.getBank(bank.principalId)).toMatchObject({ status: 200, body: { bankId: bank.principalId, name: 'Kit Bank' } });
    const records = simulator.traffic.all().filter((record) => record.api === 'consumer-api');
    expect(records.map((record) => [record.from, record.to, record.operationId])).toEqual([
      ['product', 'banking-service', 'createOrganisation'],
      ['product', 'banking-service', 'getAccessToken'],
      ['product', 'banking-service', 'getBank'],
    ]);
  });

  it('acts for a seeded organisation once given its signing key, and returns refusals as data', async () => {
    const seeded = simulator.seedOrganisation('Seeded Ltd');
    const organisation = simulator.state.organisations().find((candidate) => candidate.organisationId === seeded.organisationId);
    const product = new ProductClient(simulator.product);
    product.useCompany({ ...seeded, organisationSigningKey: organisation?.signingKey ?? '' });
    expect((await product.accessToken()).status).toBe(200);
    const missing = await product.getBankAccount('00000000-0000-4000-8000-000000000000');
    expect(missing).toMatchObject({ status: 404, body: undefined, errors: [{ code: 'unknown-bank-account' }], failure: undefined });
  });

  it('refuses to act before it has a company, and reports a dead Consumer API as a failure', async () => {
    const product = new ProductClient(simulator.product);
    expect(() => product.startOnboarding('b')).toThrow(/createOrganisation\(\) or useCompany\(\)/);
    const dead = new ProductClient({ ...simulator.product, consumerApiUrl: 'http://127.0.0.1:9/api/v1', timeoutMs: 2000 });
    const answer = await dead.createOrganisation();
    expect(answer.status).toBe(0);
    expect(answer.failure).toMatch(/^connection:/);
  });
});
