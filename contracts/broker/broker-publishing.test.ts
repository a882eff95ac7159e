import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_API_PACT_FILE, WEBHOOK_PACT_FILE } from '../pact-environment.ts';
import { BrokerPublishingError, brokerSettingsFrom, brokerVerifierOptions, buildPublishContractsRequest, publishContracts, type BrokerSettings } from './broker-publishing.ts';

const broker: BrokerSettings = { url: 'https://acme.pactflow.example', token: 'broker-token-for-tests' };

describe('broker settings', () => {
  it('come from the options, else from PACT_BROKER_BASE_URL and PACT_BROKER_TOKEN, without a trailing slash', () => {
    expect(brokerSettingsFrom({ url: 'https://b.example/', token: 't' }, {})).toEqual({ url: 'https://b.example', token: 't' });
    expect(brokerSettingsFrom({}, { PACT_BROKER_BASE_URL: 'https://env.example', PACT_BROKER_TOKEN: 'env-token' })).toEqual({ url: 'https://env.example', token: 'env-token' });
    expect(brokerSettingsFrom({}, {})).toBeUndefined();
  });

  it('refuse half a configuration in one line, never repeating the token', () => {
    expect(() => brokerSettingsFrom({ url: 'https://b.example' }, {})).toThrow('no token for the broker https://b.example: set --broker-token or PACT_BROKER_TOKEN');
    expect(() => brokerSettingsFrom({ token: 'secret-token' }, {})).toThrow(/without a broker URL/);
    expect(() => brokerSettingsFrom({ url: 'ftp://b.example', token: 'secret-token' }, {})).toThrow(/must be http or https/);
    try {
      brokerSettingsFrom({ token: 'secret-token' }, {});
    } catch (error) {
      expect((error as Error).message).not.toContain('secret-token');
    }
  });
});

describe('publishing pacts', () => {
  it('refuses to publish without a version', async () => {
    await expect(buildPublishContractsRequest({ broker, version: undefined, pactFiles: [PROVIDER_API_PACT_FILE] })).rejects.toThrow(BrokerPublishingError);
    await expect(buildPublishContractsRequest({ broker, version: { version: '  ' }, pactFiles: [PROVIDER_API_PACT_FILE] })).rejects.toThrow(/refusing to publish pacts without a version/);
    await expect(buildPublishContractsRequest({ broker, version: { version: '1', branch: '' }, pactFiles: [PROVIDER_API_PACT_FILE] })).rejects.toThrow(/branch for pacts is empty/);
  });

  it("builds the broker's publish-contracts request with the consumer's version, branch and the pact content", async () => {
    const request = await buildPublishContractsRequest({ broker, version: { version: '3f2c1ab', branch: 'main', buildUrl: 'https://ci.example/42' }, pactFiles: [PROVIDER_API_PACT_FILE] });
    expect(request.url).toBe('https://acme.pactflow.example/contracts/publish');
    expect(request.headers['authorization']).toBe('Bearer broker-token-for-tests');
    expect(request.body).toMatchObject({ pacticipantName: 'reference-connector', pacticipantVersionNumber: '3f2c1ab', branch: 'main', buildUrl: 'https://ci.example/42' });
    const [contract] = request.body.contracts;
    expect(contract).toMatchObject({ consumerName: 'reference-connector', providerName: 'banking-service', specification: 'pact', contentType: 'application/json' });
    expect(JSON.parse(Buffer.from(contract?.content ?? '', 'base64').toString('utf8')).interactions.length).toBeGreaterThan(0);
  });

  it("publishes the kit's webhook pact under the provider's own pacticipant name", async () => {
    const request = await buildPublishContractsRequest({ broker, version: { version: 'kit-0.1.0' }, pactFiles: [WEBHOOK_PACT_FILE], providerName: 'acme-connector' });
    expect(request.body.contracts[0]?.providerName).toBe('acme-connector');
    expect(JSON.parse(Buffer.from(request.body.contracts[0]?.content ?? '', 'base64').toString('utf8')).provider).toEqual({ name: 'acme-connector' });
  });

  it('refuses files of two consumers in one publication', async () => {
    await expect(buildPublishContractsRequest({ broker, version: { version: '1' }, pactFiles: [PROVIDER_API_PACT_FILE, WEBHOOK_PACT_FILE] })).rejects.toThrow(/one publication is for one consumer/);
  });
});

describe('publishing to a broker stand-in over HTTP (no Pact Broker runs here)', () => {
  const received: { method: string; url: string; authorization: string | undefined; body: unknown }[] = [];
  let answer: { status: number; body: unknown } = { status: 200, body: { notices: [{ type: 'success', text: 'Created reference-connector version 3f2c1ab' }] } };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ method: request.method ?? '', url: request.url ?? '', authorization: request.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer.body));
    });
  });
  let url = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends one POST /contracts/publish with the bearer token and returns the notices', async () => {
    const result = await publishContracts({ broker: { url, token: 'stand-in-token' }, version: { version: '3f2c1ab', branch: 'main' }, pactFiles: [PROVIDER_API_PACT_FILE] });
    expect(result.notices).toEqual(['Created reference-connector version 3f2c1ab']);
    expect(received.at(-1)).toMatchObject({ method: 'POST', url: '/contracts/publish', authorization: 'Bearer stand-in-token', body: { pacticipantVersionNumber: '3f2c1ab', branch: 'main' } });
  });

  it("turns the broker's refusal into one line with its reason and without the token", async () => {
    answer = { status: 400, body: { notices: [{ type: 'error', text: 'Branch main is protected' }] } };
    const attempt = publishContracts({ broker: { url, token: 'stand-in-token' }, version: { version: '1' }, pactFiles: [PROVIDER_API_PACT_FILE] });
    await expect(attempt).rejects.toThrow('the broker refused the pacts (HTTP 400): Branch main is protected');
    await expect(attempt).rejects.not.toThrow(/stand-in-token/);
  });
});

describe('verification results for the broker', () => {
  it("builds the verifier's broker options with the candidate's version and branch, and the recommended selectors", () => {
    expect(brokerVerifierOptions({ broker, provider: 'acme-connector', version: { version: '3f2c1ab', branch: 'feature/x', tags: ['rc'] } })).toEqual({
      pactBrokerUrl: 'https://acme.pactflow.example',
      pactBrokerToken: 'broker-token-for-tests',
      provider: 'acme-connector',
      consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
      publishVerificationResult: true,
      providerVersion: '3f2c1ab',
      providerVersionBranch: 'feature/x',
      providerVersionTags: ['rc'],
      enablePending: true,
    });
  });

  it('refuses to publish verification results without a version or a provider name', () => {
    expect(() => brokerVerifierOptions({ broker, provider: 'acme-connector', version: undefined })).toThrow(/refusing to publish verification results without a version/);
    expect(() => brokerVerifierOptions({ broker, provider: ' ', version: { version: '1' } })).toThrow(/provider name/);
  });
});
