import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProductClient } from '../product/index.ts';
import { runSandbox, type SandboxHandle } from './sandbox.ts';
import { ScriptedProvider } from './test-support/scripted-provider.ts';

describe('runSandbox', () => {
  let printed = '';
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    sandbox = await runSandbox({ sageIdPort: 0, providerPort: 0, consumerPort: 0, specs: 'none', out: { write: (text: string) => (printed += text) } });
  });
  afterAll(() => sandbox.close());

  const printedValue = (name: string) => new RegExp(`^  ${name}=(.+)$`, 'm').exec(printed)?.[1] ?? '';

  it('prints the URLs, the candidate environment and the demo data', () => {
    expect(printed).toContain(sandbox.simulator.consumerApiUrl);
    expect(printedValue('BANKING_SERVICE_URL')).toBe(sandbox.simulator.providerApiUrl);
    expect(printedValue('SAGE_ID_CLIENT_SECRET')).toBe(sandbox.simulator.credentials.clientSecret);
    expect(printed).toContain(sandbox.demo.bankId);
    expect(printed).toContain(sandbox.demo.organisationId);
  });

  it('lets a connector configured from the printout get a token and sync its bank', async () => {
    const provider = await ScriptedProvider.start({
      sageIdUrl: printedValue('SAGE_ID_URL'),
      tokenUrl: `${printedValue('SAGE_ID_URL')}/oauth/token`,
      jwksUrl: `${printedValue('SAGE_ID_URL')}/.well-known/jwks.json`,
      providerApiUrl: printedValue('BANKING_SERVICE_URL'),
      clientId: printedValue('SAGE_ID_CLIENT_ID'),
      clientSecret: printedValue('SAGE_ID_CLIENT_SECRET'),
      audience: printedValue('SAGE_ID_AUDIENCE'),
      apiKey: printedValue('PROVIDER_API_KEY'),
      notificationHeaderName: printedValue('NOTIFICATION_HEADER_NAME'),
      notificationHeaderValue: printedValue('NOTIFICATION_HEADER_VALUE'),
    });
    try {
      expect(await provider.accessToken()).toMatch(/^eyJ/);
      const update = await provider.call('POST', '/v1/banks', { data: { toUpdate: [{ principalId: sandbox.demo.bankId, externalRef: 'sandbox-demo-aggregator', callbackURLs: provider.callbackURLs() }] } });
      expect(update.status).toBe(200);
      expect(sandbox.simulator.state.bank(sandbox.demo.bankId)?.callbackURLs.notification).toBe(`${provider.connectorUrl}/notification`);
      expect((await provider.syncBank('Second Bank')).status).toBe(200);
    } finally {
      await provider.close();
    }
  });

  it('seeds a demo company a product can act for', async () => {
    const key = /organisation signing key\s+(\S+)/.exec(printed)?.[1] ?? '';
    const product = new ProductClient({ consumerApiUrl: sandbox.simulator.consumerApiUrl, applicationId: sandbox.simulator.product.applicationId, signingKey: sandbox.simulator.product.signingKey });
    product.useCompany({ organisationId: sandbox.demo.organisationId, companyId: sandbox.demo.companyId, organisationSigningKey: key });
    expect((await product.accessToken()).status).toBe(200);
    expect((await product.getBank(sandbox.demo.bankId)).body?.name).toBe('Sandbox Demo Bank');
  });
});
