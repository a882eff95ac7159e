import { describe, expect, it } from 'vitest';
import type { BankingServiceConfig } from './config-types.ts';
import { resolvePinnedBankingService } from './pinned-banking-service.ts';

const ENVIRONMENT = Object.freeze({
  PIN_CLIENT_SECRET: 'pinned-client-secret-Xq81',
  PIN_API_KEY: 'pinned-api-key-Lw27Vn',
  PIN_NOTIFICATION: 'pinned-notification-Hb55',
  PIN_SHORT: 'short',
  PIN_CLIENT_ID: 'acme-connector',
});

const COMPLETE: BankingServiceConfig = {
  ports: { sageId: 4010, providerApi: 4011 },
  provider: {
    clientId: '{{ env.PIN_CLIENT_ID }}',
    audience: 'banking-service-provider-api',
    clientSecret: '{{env.PIN_CLIENT_SECRET}}',
    apiKey: '{{env.PIN_API_KEY}}',
    notificationHeaderName: 'X-Acme-Key',
    notificationHeaderValue: '{{env.PIN_NOTIFICATION}}',
  },
};

function resolve(config: BankingServiceConfig | undefined, candidateUrl?: string) {
  const problems: string[] = [];
  const pinned = resolvePinnedBankingService({ config, candidateUrl, environment: ENVIRONMENT, at: (field, message) => problems.push(`${field}: ${message}`) });
  return { pinned, problems };
}

describe('the bankingService section', () => {
  it('reads every {{env.NAME}} and keeps which variable each value came from', () => {
    const { pinned, problems } = resolve(COMPLETE, 'http://127.0.0.1:8080');
    expect(problems).toEqual([]);
    expect(pinned.ports).toEqual({ sageId: 4010, providerApi: 4011 });
    expect(pinned.provider).toEqual({
      clientId: 'acme-connector',
      audience: 'banking-service-provider-api',
      clientSecret: ENVIRONMENT.PIN_CLIENT_SECRET,
      apiKey: ENVIRONMENT.PIN_API_KEY,
      notificationHeaderName: 'X-Acme-Key',
      notificationHeaderValue: ENVIRONMENT.PIN_NOTIFICATION,
    });
    expect(pinned.environmentNames).toEqual({ clientId: 'PIN_CLIENT_ID', clientSecret: 'PIN_CLIENT_SECRET', apiKey: 'PIN_API_KEY', notificationHeaderValue: 'PIN_NOTIFICATION' });
  });

  it('pins nothing when absent, and a container or process candidate needs nothing pinned', () => {
    expect(resolve(undefined)).toEqual({ pinned: { ports: {}, provider: {}, environmentNames: {} }, problems: [] });
    expect(resolve({ ports: { consumerApi: 4012 } }).problems).toEqual([]);
  });

  it('says in one line what a url candidate without it must add', () => {
    expect(resolve(undefined, 'http://127.0.0.1:8080').problems).toEqual([
      'bankingService: is required for a url candidate: it was started before the run, so pin what it was configured with: ports (sageId, providerApi) and provider (clientId, audience, clientSecret, apiKey, notificationHeaderValue; secrets as "{{env.NAME}}")',
    ]);
  });

  it('names each field a url candidate still needs', () => {
    expect(resolve({ ports: { sageId: 4010 }, provider: { clientId: 'acme' } }, 'http://127.0.0.1:8080').problems).toEqual([
      'bankingService.ports.providerApi: is required for a url candidate: the connector was configured with it before the run',
      'bankingService.provider.audience: is required for a url candidate: the connector was configured with it before the run',
      'bankingService.provider.clientSecret: is required for a url candidate: the connector was configured with it before the run',
      'bankingService.provider.apiKey: is required for a url candidate: the connector was configured with it before the run',
      'bankingService.provider.notificationHeaderValue: is required for a url candidate: the connector was configured with it before the run',
    ]);
  });

  it('refuses a literal secret without repeating it, an unset or short variable, another template and a bad header name', () => {
    const { problems } = resolve({
      provider: {
        clientId: '{{clientId}}',
        clientSecret: 'literal-secret-in-the-file',
        apiKey: '{{env.PIN_UNSET}}',
        notificationHeaderName: 'not a header',
        notificationHeaderValue: '{{env.PIN_SHORT}}',
      },
    });
    expect(problems).toEqual([
      'bankingService.provider.clientId: the only template allowed here is "{{env.NAME}}"',
      'bankingService.provider.clientSecret: a secret cannot be written in the config: write "{{env.NAME}}" and set NAME in the environment bsck runs in',
      'bankingService.provider.apiKey: environment variable PIN_UNSET is not set: export it before running bsck',
      'bankingService.provider.notificationHeaderValue: environment variable PIN_SHORT holds fewer than 12 characters: too short for the kit to find it reliably when it scans its output; use a longer secret',
      'bankingService.provider.notificationHeaderName: is not a valid HTTP header name',
    ]);
    expect(problems.join('\n')).not.toContain('literal-secret-in-the-file');
  });

  it('refuses two services on one port, and a service on the candidate URL\'s port', () => {
    expect(resolve({ ports: { sageId: 4010, providerApi: 4010, consumerApi: 8080 } }, 'http://localhost:8080/').problems).toEqual([
      'bankingService.ports.providerApi: 4010 is also ports.sageId: give each its own port',
      "bankingService.ports.consumerApi: 8080 is the candidate URL's port: the connector listens there",
      expect.stringMatching(/^bankingService\.provider\.clientId: is required/),
      expect.stringMatching(/^bankingService\.provider\.audience: is required/),
      expect.stringMatching(/^bankingService\.provider\.clientSecret: is required/),
      expect.stringMatching(/^bankingService\.provider\.apiKey: is required/),
      expect.stringMatching(/^bankingService\.provider\.notificationHeaderValue: is required/),
    ]);
    // A remote candidate cannot clash with the kit's loopback ports.
    expect(resolve({ ...COMPLETE, ports: { sageId: 4010, providerApi: 8080 } }, 'https://connector.example:8080').problems).toEqual([]);
  });
});
