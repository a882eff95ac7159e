import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningHttpServer, type ServerRequest } from '../../http/index.ts';
import { DEFAULT_POLICIES, resolvePolicies } from '../../policies/index.ts';
import { startSageId, type SageId } from '../../sage-id/index.ts';
import { TrafficLog, createRedactor } from '../../traffic/index.ts';
import { EventLog } from '../events/index.ts';
import { systemClock, type Bank, type ProviderClient } from '../state/index.ts';
import { authorisationCreated } from './notification-payloads.ts';
import { BANKING_SERVICE_CLIENT_ID, Notifier } from './notifier.ts';

const provider: ProviderClient = { clientId: 'provider-client-1', apiKey: 'api-key-1234', notificationHeaderName: 'x-provider-secret', notificationHeaderValue: 'header-value-5678' };

describe('Notifier against a real connector-side server', () => {
  let sageId: SageId;
  let connector: RunningHttpServer;
  const received: ServerRequest[] = [];
  let release: () => void = () => {};

  beforeAll(async () => {
    sageId = await startSageId();
    connector = await startHttpServer({
      name: 'connector',
      routes: [
        { method: 'POST', pattern: '/notification', handler: (request) => { received.push(request); return { status: 204 }; } },
        { method: 'POST', pattern: '/refuse', handler: () => ({ status: 401, text: 'no' }) },
        { method: 'POST', pattern: '/hang', handler: () => new Promise((resolve) => { release = () => resolve({ status: 204 }); }) },
        { method: 'POST', pattern: '/drop', handler: () => ({ drop: true }) },
        { method: 'GET', pattern: '/availableaccounts', handler: (request) => { received.push(request); return { status: 200, json: [{ externalId: request.query.get('externalId'), bankIdentifier: 'b', accountIdentifier: 'a', accountName: 'n' }] }; } },
        { method: 'GET', pattern: '/big', handler: () => ({ status: 200, text: 'x'.repeat(5000) }) },
      ],
    });
  });

  afterAll(async () => {
    release();
    await connector.close();
    await sageId.close();
  });

  function setup(overrides: { timeoutMs?: number; policies?: ReturnType<typeof resolvePolicies> } = {}) {
    const redactor = createRedactor({ sensitiveHeaders: [provider.notificationHeaderName] });
    redactor.addSecret('notification-header-value', provider.notificationHeaderValue);
    sageId.onTokenIssued((token) => redactor.addSecret('sage-id-token', token));
    const traffic = new TrafficLog({ redactor });
    const events = new EventLog({ clock: systemClock });
    const notifier = new Notifier({ tokens: sageId, traffic, events, policies: overrides.policies ?? DEFAULT_POLICIES, clock: systemClock, timeoutMs: overrides.timeoutMs ?? 2000, maxAvailableAccountsResponseBytes: 1000 });
    return { notifier, traffic, events };
  }

  const bank = (path: string, available = '/availableaccounts'): Bank => ({
    principalId: 'bank-1', externalRef: 'agg', name: 'B', countryCode: 'GB', url: 'https://b', supportiframe: false, ownerClientId: provider.clientId,
    callbackURLs: { notification: `${connector.url}${path}`, availableAccounts: `${connector.url}${available}`, auth: `${connector.url}/auth`, reAuth: `${connector.url}/authrefresh` },
  });

  it('sends a Sage ID token for the provider and its chosen header, and records the exchange redacted', async () => {
    const { notifier, traffic, events } = setup();
    const outcome = await notifier.notify(bank('/notification'), provider, authorisationCreated('auth-1', 'bank-1'));
    expect(outcome).toMatchObject({ status: 204, acknowledged: true, failure: undefined, exchangeId: 'x-000001' });
    const request = received.at(-1);
    expect(request?.headers['x-provider-secret']).toBe('header-value-5678');
    const token = String(request?.headers.authorization).replace(/^Bearer /, '');
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(`${sageId.url}/.well-known/jwks.json`)), { issuer: sageId.url, audience: provider.clientId });
    expect(payload['client_id']).toBe(BANKING_SERVICE_CLIENT_ID);
    const record = traffic.all()[0];
    expect(record).toMatchObject({ from: 'banking-service', to: 'candidate', api: 'connector-api', operationId: 'postNotification' });
    expect(record?.request.headers['x-provider-secret']).toBe('[REDACTED:notification-header-value]');
    expect(JSON.stringify(record)).not.toContain(token);
    expect(events.ofType('notification.sent')[0]).toMatchObject({ resourceType: 'authorisation', resourceId: 'auth-1', outcome: { status: 204, acknowledged: true } });
  });

  it('reuses its token across calls', async () => {
    const { notifier } = setup();
    await notifier.notify(bank('/notification'), provider, authorisationCreated('a', 'b'));
    await notifier.notify(bank('/notification'), provider, authorisationCreated('a', 'b'));
    const [first, second] = received.slice(-2).map((request) => request.headers.authorization);
    expect(first).toBe(second);
  });

  it('reports a refusal, a timeout and a dropped connection as outcomes, never throws', async () => {
    const { notifier, traffic } = setup({ timeoutMs: 150 });
    expect(await notifier.notify(bank('/refuse'), provider, authorisationCreated('a', 'b'))).toMatchObject({ status: 401, acknowledged: false });
    const hung = await notifier.notify(bank('/hang'), provider, authorisationCreated('a', 'b'));
    expect(hung).toMatchObject({ status: undefined, acknowledged: false, failure: 'timeout: no response within 150 ms' });
    const dropped = await notifier.notify(bank('/drop'), provider, authorisationCreated('a', 'b'));
    expect(dropped.failure).toMatch(/^connection:/);
    expect(traffic.all().map((record) => record.failure === undefined)).toEqual([true, false, false]);
  });

  it('applies policy notification-success-status', async () => {
    const { notifier } = setup({ policies: resolvePolicies({ 'notification-success-status': '200' }) });
    expect((await notifier.notify(bank('/notification'), provider, authorisationCreated('a', 'b'))).acknowledged).toBe(false);
  });

  it('asks /availableaccounts with the externalId and reads the array; bounds an oversized answer', async () => {
    const { notifier, events } = setup();
    const result = await notifier.availableAccounts(bank('/notification'), provider, 'ext/1');
    expect(received.at(-1)?.query.get('externalId')).toBe('ext/1');
    expect(received.at(-1)?.headers['x-provider-secret']).toBe('header-value-5678');
    expect(result.answer).toMatchObject({ ok: true, accounts: [{ externalId: 'ext/1' }] });
    expect(events.ofType('available-accounts.requested')[0]).toMatchObject({ candidates: 1, outcome: { acknowledged: true } });
    const big = await notifier.availableAccounts(bank('/notification', '/big'), provider, 'e');
    expect(big.answer).toMatchObject({ ok: false, problem: expect.stringContaining('larger than 1000 bytes') });
  });
});
