import { describe, expect, it } from 'vitest';
import { startFixtureProvider } from './test-fixtures/fixture-provider.ts';
import { createAuthDriver } from './create-auth-driver.ts';

describe('createAuthDriver', () => {
  it('builds the driver the config names, form by default', () => {
    expect(createAuthDriver(undefined).name).toBe('form');
    expect(createAuthDriver({ driver: 'redirect' }).name).toBe('redirect');
    expect(createAuthDriver({ driver: 'browser', browser: { steps: [{ click: '#go' }] } }).name).toBe('browser');
  });

  it('passes auth.form.fields to the form driver', async () => {
    const provider = await startFixtureProvider();
    try {
      const driver = createAuthDriver({ driver: 'form', form: { fields: { action: 'cancel' } } });
      const result = await driver.run({
        startUrl: provider.startUrl('/auth/login'), returnUrlPrefix: provider.returnUrlPrefix,
        user: { username: 'ada.lovelace', password: 'Tr0ub4dor&3-horse', otp: '246810' }, timeoutMs: 5000, operationId: 'getAuth',
      });
      expect(provider.submissions.at(-1)?.['action']).toBe('cancel');
      expect(new URL(result.returnUrl ?? '').searchParams.get('error')).toBe('access_denied');
    } finally {
      await provider.close();
    }
  });

  it('refuses a browser section with both steps and a script', () => {
    expect(() => createAuthDriver({ driver: 'browser', browser: { steps: [], script: 'connect.mjs' } })).toThrow('auth.browser: declare steps or script, not both');
  });
});
