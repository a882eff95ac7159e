import { afterAll, describe, expect, it } from 'vitest';
import { startBankingServiceSimulator, type BankingServiceSimulator } from '../banking-service/simulator.ts';
import { ConfigError, resolvePinnedBankingService } from '../config/index.ts';
import { findFreePort } from '../docker/index.ts';
import { recordRunSecrets } from '../secrets/index.ts';
import { explainSimulatorStartFailure, pinnedSimulatorOptions } from './pinned-simulator.ts';

const environment = { PIN_SECRET: 'pinned-client-secret-Rk48Tz', PIN_KEY: 'pinned-api-key-Wd93Ma', PIN_NOTE: 'pinned-notification-Gy27Pc' };
const [sageId, providerApi] = [await findFreePort(), await findFreePort()];
const pinned = resolvePinnedBankingService({
  config: {
    ports: { sageId, providerApi },
    provider: {
      clientId: 'acme-connector',
      audience: 'acme-provider-api',
      clientSecret: '{{env.PIN_SECRET}}',
      apiKey: '{{env.PIN_KEY}}',
      notificationHeaderName: 'x-acme-key',
      notificationHeaderValue: '{{env.PIN_NOTE}}',
    },
  },
  candidateUrl: 'http://127.0.0.1:1',
  environment,
  at: (field, message) => {
    throw new Error(`${field}: ${message}`);
  },
});

const simulator: BankingServiceSimulator = await startBankingServiceSimulator({ specs: 'none', ...pinnedSimulatorOptions(pinned) });
afterAll(() => simulator.close());

describe('a simulated Banking Service pinned by the config', () => {
  it('listens on the pinned ports and issues tokens for the pinned client and audience', async () => {
    expect(simulator.sageIdUrl).toBe(`http://127.0.0.1:${sageId}`);
    expect(simulator.providerApiUrl).toBe(`http://127.0.0.1:${providerApi}`);
    expect(simulator.credentials).toMatchObject({ clientId: 'acme-connector', audience: 'acme-provider-api', clientSecret: environment.PIN_SECRET, apiKey: environment.PIN_KEY, notificationHeaderName: 'x-acme-key', notificationHeaderValue: environment.PIN_NOTE });
    const response = await fetch(`${simulator.sageIdUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'acme-connector', client_secret: environment.PIN_SECRET, audience: 'acme-provider-api' }),
    });
    expect(response.status).toBe(200);
  });

  it('treats the pinned secrets as run secrets: redacted, and in the final scan', () => {
    const secrets = recordRunSecrets(simulator).list().map((secret) => secret.value);
    for (const value of Object.values(environment)) {
      expect(secrets).toContain(value);
      expect(simulator.redactor.redactText(`seen ${value}`)).not.toContain(value);
    }
  });

  it('says which pinned port is taken in one config line, and leaves other failures alone', async () => {
    const clash = await startBankingServiceSimulator({ specs: 'none', ...pinnedSimulatorOptions(pinned) }).then(
      async (started) => {
        await started.close();
        return undefined;
      },
      (error: unknown) => explainSimulatorStartFailure(error, pinned),
    );
    expect(clash).toBeInstanceOf(ConfigError);
    expect((clash as ConfigError).problems).toEqual([`bankingService.ports.sageId: 127.0.0.1:${sageId} is already in use: stop what listens there or pin another port`]);
    const other = new Error('something else');
    expect(explainSimulatorStartFailure(other, pinned)).toBe(other);
  });

  it('asks for nothing when nothing is pinned', () => {
    expect(pinnedSimulatorOptions({ ports: {}, provider: {}, environmentNames: {} })).toEqual({});
  });
});
