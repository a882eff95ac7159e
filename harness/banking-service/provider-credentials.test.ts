import { describe, expect, it } from 'vitest';
import { candidateEnvironment, generateProviderSecrets } from './provider-credentials.ts';

describe('provider credentials', () => {
  it('are fresh per call and long enough to redact', () => {
    const first = generateProviderSecrets();
    const second = generateProviderSecrets();
    expect(first.clientSecret).not.toBe(second.clientSecret);
    expect(first.apiKey).not.toBe(second.apiKey);
    expect(first.notificationHeaderValue.length).toBeGreaterThanOrEqual(16);
    expect(generateProviderSecrets({ notificationHeaderName: 'X-My-Header' }).notificationHeaderName).toBe('x-my-header');
  });

  it('map onto the candidate environment of design §4', () => {
    const secrets = generateProviderSecrets();
    const env = candidateEnvironment({ ...secrets, sageIdUrl: 'http://s', tokenUrl: 'http://s/oauth/token', jwksUrl: 'http://s/.well-known/jwks.json', providerApiUrl: 'http://p', audience: 'aud' });
    expect(Object.keys(env).sort()).toEqual([
      'BANKING_SERVICE_URL', 'NOTIFICATION_HEADER_NAME', 'NOTIFICATION_HEADER_VALUE', 'PROVIDER_API_KEY', 'SAGE_ID_AUDIENCE', 'SAGE_ID_CLIENT_ID', 'SAGE_ID_CLIENT_SECRET', 'SAGE_ID_URL',
    ]);
    expect(env['SAGE_ID_CLIENT_SECRET']).toBe(secrets.clientSecret);
  });
});
