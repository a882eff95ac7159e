import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../traffic/index.ts';
import { recordRunSecrets, RunSecrets } from './run-secrets.ts';

describe('the run\'s secrets', () => {
  it('starts from the provider credentials and the product key, then records every secret the redactor is given', () => {
    const redactor = createRedactor();
    const secrets = recordRunSecrets({
      redactor,
      credentials: { clientSecret: 'client-secret-value', apiKey: 'api-key-value', notificationHeaderValue: 'notification-value' },
      product: { signingKey: 'product-signing-key-value' },
    });
    redactor.addSecret('sage-id-token', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln');
    secrets.addTestUsers({ multiAccount: { username: 'alice', password: 'alice-password', otp: '123' } });
    expect(secrets.list().map((secret) => secret.label)).toEqual(['client-secret', 'api-key', 'notification-header-value', 'product-signing-key', 'sage-id-token', 'test-user-password']);
    // The redactor still does its job: the tap only listens.
    expect(redactor.redactText('token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln')).toBe('token [REDACTED:sage-id-token]');
  });

  it('never shows the values when serialised or inspected', () => {
    const secrets = new RunSecrets();
    secrets.add('api-key', 'super-secret-api-key');
    expect(JSON.stringify({ run: 'x', secrets })).toBe('{"run":"x","secrets":{"secrets":1}}');
    expect(inspect(secrets, { depth: 5, showHidden: true })).not.toContain('super-secret-api-key');
  });
});
