import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { FAST_TIMING, TEST_SECRETS } from '../test-support/connector-harness.ts';
import { startProviderApiStandIn, type ProviderApiStandIn } from '../test-support/provider-api-stand-in.ts';
import { startSageIdStandIn, type SageIdStandIn } from '../test-support/sage-id-stand-in.ts';
import { principalIdFrom, runBankSync, type BankSyncState } from './bank-sync.ts';
import { parseConfig } from './config.ts';
import { silentLogger } from './log.ts';
import { ProviderApiClient } from './provider-api-client.ts';
import { SageIdClient } from './sage-id-client.ts';

describe('bank sync', () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it('reads principalId from data.created[0]', () => {
    expect(principalIdFrom({ data: { created: [{ principalId: 'p1', externalRef: 'x' }], updated: [], removed: [] } })).toBe('p1');
    expect(principalIdFrom({ data: { created: [] } })).toBeUndefined();
    expect(principalIdFrom('nonsense')).toBeUndefined();
  });

  it('keeps retrying until Banking Service comes up, then registers once', async () => {
    // Reserve a port, free it, and start the Provider API there only after the first attempts have failed.
    const reserved: Server = createServer();
    await new Promise<void>((resolve) => reserved.listen(0, '127.0.0.1', resolve));
    const { port } = reserved.address() as AddressInfo;
    await new Promise<void>((resolve) => reserved.close(() => resolve()));
    const sageId: SageIdStandIn = await startSageIdStandIn({ clientId: TEST_SECRETS.clientId, clientSecret: TEST_SECRETS.clientSecret, audience: TEST_SECRETS.audience });
    closers.push(() => sageId.close());

    const parsed = parseConfig(
      {
        PORT: '0',
        BANKING_SERVICE_URL: `http://127.0.0.1:${port}`,
        SAGE_ID_URL: sageId.url,
        SAGE_ID_CLIENT_ID: TEST_SECRETS.clientId,
        SAGE_ID_CLIENT_SECRET: TEST_SECRETS.clientSecret,
        SAGE_ID_AUDIENCE: TEST_SECRETS.audience,
        PROVIDER_API_KEY: TEST_SECRETS.apiKey,
        CONNECTOR_PUBLIC_URL: 'http://connector.example',
        NOTIFICATION_HEADER_NAME: 'x-n',
        NOTIFICATION_HEADER_VALUE: 'v',
      },
      { testUsers: ['alice'] },
    );
    if (!('config' in parsed)) throw new Error(parsed.errors.join('\n'));
    const config = { ...parsed.config, timing: FAST_TIMING };
    const tokens = new SageIdClient({ tokenUrl: `${sageId.url}/oauth/token`, clientId: config.sageIdClientId, clientSecret: config.sageIdClientSecret, audience: config.sageIdAudience, timing: FAST_TIMING, faults: config.faults, log: silentLogger });
    const api = new ProviderApiClient({ baseUrl: config.bankingServiceUrl, apiKey: config.providerApiKey, tokens, timing: FAST_TIMING, faults: config.faults, log: silentLogger });
    const state: BankSyncState = { status: 'pending', principalId: undefined };
    const failures: string[] = [];
    const sync = runBankSync({ config, api, log: { ...silentLogger, warn: (message) => failures.push(message) }, state }, new AbortController().signal);

    await expect.poll(() => failures.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    expect(state.status).toBe('pending');
    const providerApi: ProviderApiStandIn = await startProviderApiStandIn({ apiKey: TEST_SECRETS.apiKey, port });
    closers.push(() => providerApi.close());
    await sync;
    expect(state).toEqual({ status: 'done', principalId: providerApi.principalId });
    expect(providerApi.requests.filter((request) => request.path === '/v1/banks')).toHaveLength(1);
  });
});
