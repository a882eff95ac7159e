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
});
