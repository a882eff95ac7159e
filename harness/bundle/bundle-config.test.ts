import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preflightConfig } from '../config/index.ts';
import { REFERENCE_CONFIG_FILE } from '../run/reference-connector.ts';
import { bundleConfig, configDigest, REMOVED } from './bundle-config.ts';
import { canonicalJson } from './digests.ts';

const config = preflightConfig(
  {
    candidate: { command: ['node', 'connector.js'], env: { DATABASE_PASSWORD: 'hunter2-provider-secret', SAGE_URL: '{{sageIdUrl}}', MIXED: 'x-{{apiKey}}' } },
    capabilities: ['iframe', 'bank-sync'],
    auth: {
      driver: 'form',
      users: { multiAccount: { username: 'alice', password: 'alice-pass-123', otp: '654321' } },
      form: { fields: { username: '{{username}}', pin: '9876' } },
    },
    policies: { 'statement-batch-limit': 1000 },
  },
  { baseDir: dirname(REFERENCE_CONFIG_FILE), source: 'test.yaml' },
);

describe('the config as the manifest records it', () => {
  const { value, digest } = bundleConfig(config);
  const text = JSON.stringify(value);

  it('keeps what decided the run and removes passwords, one-time codes, environment and form literals', () => {
    expect(value).toMatchObject({
      candidate: { kind: 'command', command: ['node', 'connector.js'] },
      capabilities: ['bank-sync', 'iframe'],
      env: { DATABASE_PASSWORD: REMOVED, SAGE_URL: '{{sageIdUrl}}', MIXED: REMOVED },
      auth: { driver: 'form', users: { multiAccount: { username: 'alice', password: REMOVED, otp: REMOVED } }, form: { fields: { username: '{{username}}', pin: REMOVED } } },
      policies: { 'statement-batch-limit': 1000 },
    });
    for (const secret of ['hunter2-provider-secret', 'alice-pass-123', '654321', '9876']) expect(text).not.toContain(secret);
  });

  it('has a digest any reviewer re-computes from the value alone: SHA-256 of its canonical JSON', () => {
    expect(digest).toBe(configDigest(JSON.parse(text)));
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: undefined }] })).toBe('{"a":[{"d":1}],"b":1}');
    expect(configDigest({ ...(value as object), capabilities: ['bank-sync'] })).not.toBe(digest);
  });

  it('records nothing pinned as null', () => {
    expect((value as { bankingService: unknown }).bankingService).toBeNull();
  });
});

describe('a config that pins the Banking Service for a url candidate', () => {
  const environment = { ACME_SECRET: 'pinned-secret-value-7Hq2', ACME_KEY: 'pinned-api-key-value-9Lp4', ACME_NOTE: 'pinned-note-value-3Zx8', ACME_CLIENT: 'acme-client-id' };
  const pinned = preflightConfig(
    {
      candidate: { url: 'http://127.0.0.1:8080' },
      capabilities: ['bank-sync'],
      auth: { driver: 'redirect' },
      bankingService: {
        ports: { sageId: 4010, providerApi: 4011 },
        provider: { clientId: '{{env.ACME_CLIENT}}', audience: 'acme-aud', clientSecret: '{{env.ACME_SECRET}}', apiKey: '{{env.ACME_KEY}}', notificationHeaderValue: '{{env.ACME_NOTE}}' },
      },
    },
    { baseDir: dirname(REFERENCE_CONFIG_FILE), source: 'url.yaml', environment },
  );

  it('keeps the ports and the non-secret values, and names the variable of each value read from the environment', () => {
    const { value } = bundleConfig(pinned);
    expect((value as { bankingService: unknown }).bankingService).toEqual({
      ports: { sageId: 4010, providerApi: 4011 },
      provider: { clientId: '{{env.ACME_CLIENT}}', audience: 'acme-aud', clientSecret: '{{env.ACME_SECRET}}', apiKey: '{{env.ACME_KEY}}', notificationHeaderValue: '{{env.ACME_NOTE}}' },
    });
    const text = JSON.stringify(value);
    for (const secret of Object.values(environment)) expect(text).not.toContain(secret);
  });
});
