import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRequest } from '../../http/index.ts';
import { ProductClient, defaultOrganisation } from '../../product/index.ts';
import { startBankingServiceSimulator, type BankingServiceSimulator } from '../simulator.ts';
import { ManualClock } from '../state/index.ts';
import { CONSUMER_TOKEN_LIFETIME_SECONDS } from './consumer-jwt.ts';
import { signConsumerRequest } from './consumer-signature.ts';

const code = (body: Buffer | undefined) => (JSON.parse(body?.toString() ?? '{}') as { errors?: { code: string }[] }).errors?.[0]?.code;

/** Signed calls (§3.4, KC-18) and the product JWT (KC-19) over real HTTP. */
describe('Consumer API authentication', () => {
  const clock = new ManualClock();
  let simulator: BankingServiceSimulator;

  beforeAll(async () => {
    simulator = await startBankingServiceSimulator({ specs: 'none', clock });
  });
  afterAll(() => simulator.close());

  const signedPost = (body: string, overrides: { signingKey?: string; nonce?: string; application?: string; signature?: string } = {}) => {
    const url = `${simulator.consumerApiUrl}/organisations`;
    const nonce = overrides.nonce ?? randomUUID();
    const signature = overrides.signature ?? signConsumerRequest({ method: 'POST', url, body, nonce, signingKey: overrides.signingKey ?? simulator.product.signingKey });
    return sendRequest({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', 'x-application': overrides.application ?? simulator.product.applicationId, 'x-nonce': nonce, 'x-signature': signature },
      body,
      timeoutMs: 3000,
    });
  };

  it('POST /organisations: 201 with the organisation, its company and its signing key', async () => {
    const answer = await signedPost(JSON.stringify(defaultOrganisation('Signed Ltd')));
    expect(answer.response?.status).toBe(201);
    const body = JSON.parse(answer.response?.body.toString() ?? '{}') as { organisationId: string; companies: { companyId: string; name: string }[]; token: string };
    expect(body.companies[0]?.name).toBe('Signed Ltd');
    expect(body.token.length).toBeGreaterThan(20);
    expect(JSON.stringify(simulator.traffic.all().at(-1))).not.toContain(body.token);
  });

  it('refuses a bad signature, a reused nonce and an unknown application with 401', async () => {
    const body = JSON.stringify(defaultOrganisation());
    expect(code((await signedPost(body, { signingKey: 'not-the-key' })).response?.body)).toBe('signature-invalid');
    expect(code((await signedPost(body, { signature: '' })).response?.body)).toBe('signature-missing');
    const nonce = randomUUID();
    expect((await signedPost(body, { nonce })).response?.status).toBe(201);
    expect(code((await signedPost(body, { nonce })).response?.body)).toBe('nonce-reused');
    expect(code((await signedPost(body, { application: 'Sage.XX.Unknown' })).response?.body)).toBe('unknown-application');
  });

  it('GET /accesstoken is signed with the organisation key, and its jwt opens the company\'s calls only', async () => {
    const product = new ProductClient(simulator.product);
    await product.createOrganisation();
    const token = await product.accessToken();
    expect(token.status).toBe(200);
    expect(token.body?.jwt).toMatch(/^eyJ/);
    const company = product.company;
    expect(company).toBeDefined();
    const mine = await product.getBankAccount('7c3a1f9e-2b4d-4e6f-8a0b-1c2d3e4f0001');
    expect(mine.status).toBe(404);

    const other = new ProductClient(simulator.product);
    await other.createOrganisation();
    await other.accessToken();
    other.useCompany({ organisationId: company?.organisationId ?? '', companyId: company?.companyId ?? '', organisationSigningKey: 'unknown' });
    const forged = await other.accessToken();
    expect(forged.status).toBe(401);
    expect(forged.errors?.[0]?.code).toBe('signature-invalid');
  });

  it('refuses a missing, foreign-scoped or expired jwt, and a missing x-application, with 401', async () => {
    const product = new ProductClient(simulator.product);
    await product.createOrganisation();
    const path = `${simulator.consumerApiUrl}/organisations/${product.company?.organisationId}/companies/${product.company?.companyId}/bankaccounts/7c3a1f9e-2b4d-4e6f-8a0b-1c2d3e4f0001`;
    const call = (headers: Record<string, string>) => sendRequest({ method: 'GET', url: path, headers, timeoutMs: 3000 });
    expect(code((await call({ 'x-application': simulator.product.applicationId })).response?.body)).toBe('jwt-missing');
    const jwt = (await product.accessToken()).body?.jwt ?? '';
    expect(code((await call({ authorization: `Bearer ${jwt}` })).response?.body)).toBe('unknown-application');
    const other = new ProductClient(simulator.product);
    await other.createOrganisation();
    const otherJwt = (await other.accessToken()).body?.jwt ?? '';
    expect(code((await call({ 'x-application': simulator.product.applicationId, authorization: `Bearer ${otherJwt}` })).response?.body)).toBe('jwt-out-of-scope');
    clock.advance(CONSUMER_TOKEN_LIFETIME_SECONDS * 1000 + 1000);
    expect(code((await call({ 'x-application': simulator.product.applicationId, authorization: `Bearer ${jwt}` })).response?.body)).toBe('jwt-expired');
  });
});
