import { describe, expect, it } from 'vitest';
import { createRedactor } from '../traffic/index.ts';
import {
  CandidateEnvironmentError,
  buildCandidateEnvironment,
  registerCandidateSecrets,
  type RunEndpoints,
} from './candidate-environment.ts';

const endpoints: RunEndpoints = {
  port: 41234,
  bankingServiceUrl: 'http://127.0.0.1:40001',
  sageIdUrl: 'http://127.0.0.1:40002',
  clientId: 'client-1',
  clientSecret: 'client-secret-value',
  audience: 'provider-api',
  apiKey: 'api-key-value',
  connectorPublicUrl: 'http://127.0.0.1:41234',
  notificationHeaderName: 'x-provider-auth',
  notificationHeaderValue: 'header-value-1',
};

describe('buildCandidateEnvironment', () => {
  it('sets every variable of the contract (design §4) by default', () => {
    expect(buildCandidateEnvironment({ endpoints })).toEqual({
      PORT: '41234',
      BANKING_SERVICE_URL: 'http://127.0.0.1:40001',
      SAGE_ID_URL: 'http://127.0.0.1:40002',
      SAGE_ID_CLIENT_ID: 'client-1',
      SAGE_ID_CLIENT_SECRET: 'client-secret-value',
      SAGE_ID_AUDIENCE: 'provider-api',
      PROVIDER_API_KEY: 'api-key-value',
      CONNECTOR_PUBLIC_URL: 'http://127.0.0.1:41234',
      NOTIFICATION_HEADER_NAME: 'x-provider-auth',
      NOTIFICATION_HEADER_VALUE: 'header-value-1',
    });
  });

  it("adds the config's names, rendering templates with text around and several placeholders", () => {
    const environment = buildCandidateEnvironment({
      endpoints,
      mapping: {
        PROVIDER_API: '{{providerApiUrl}}/v1',
        TOKEN_URL: '{{ sageIdTokenUrl }}',
        JWKS: '{{sageIdJwksUrl}}',
        LISTEN: '127.0.0.1:{{port}}',
        PORT: '{{port}}',
      },
    });
    expect(environment).toMatchObject({
      PROVIDER_API: 'http://127.0.0.1:40001/v1',
      TOKEN_URL: 'http://127.0.0.1:40002/oauth/token',
      JWKS: 'http://127.0.0.1:40002/.well-known/jwks.json',
      LISTEN: '127.0.0.1:41234',
      SAGE_ID_CLIENT_ID: 'client-1',
    });
  });

  it('sets only the mapped names when the defaults are replaced, plus literal extras', () => {
    const environment = buildCandidateEnvironment({
      endpoints,
      replaceDefaults: true,
      mapping: { APP_PORT: '{{port}}', APP_SECRET: '{{clientSecret}}' },
      extra: { NODE_ENV: 'production', LITERAL: '{{not-a-template}}' },
    });
    expect(environment).toEqual({ APP_PORT: '41234', APP_SECRET: 'client-secret-value', NODE_ENV: 'production', LITERAL: '{{not-a-template}}' });
    expect(Object.isFrozen(environment)).toBe(true);
  });

  it('names the variable and the target when a template uses an unknown variable', () => {
    expect(() => buildCandidateEnvironment({ endpoints, mapping: { BS_URL: '{{bankingServiceURL}}/v1' } })).toThrow(
      /^environment mapping BS_URL: unknown template variable \{\{bankingServiceURL\}\}; use one of \{\{port\}\}, /,
    );
    expect(() => buildCandidateEnvironment({ endpoints, mapping: { BS_URL: '{{bankingServiceURL}}' } })).toThrow(CandidateEnvironmentError);
  });

  it('refuses a stray brace, a bad name, a bad port, and an extra that would replace a run variable', () => {
    expect(() => buildCandidateEnvironment({ endpoints, mapping: { X: '{{port' } })).toThrow('environment mapping X: unbalanced "{{" or "}}" in its template; write placeholders as {{name}}');
    expect(() => buildCandidateEnvironment({ endpoints, mapping: { 'MY-VAR': '{{port}}' } })).toThrow('environment mapping: "MY-VAR" is not a valid variable name (letters, digits, _)');
    expect(() => buildCandidateEnvironment({ endpoints: { ...endpoints, port: 70_000 } })).toThrow('candidate port 70000 is not a TCP port (1-65535)');
    expect(() => buildCandidateEnvironment({ endpoints, extra: { PROVIDER_API_KEY: 'mine' } })).toThrow(
      "extra environment PROVIDER_API_KEY would replace the run's own PROVIDER_API_KEY; map it in the environment mapping instead",
    );
  });

  it('never puts a value in an error message', () => {
    try {
      buildCandidateEnvironment({ endpoints, mapping: { S: '{{clientSecret}}{{nope}}' } });
    } catch (error) {
      expect((error as Error).message).not.toContain(endpoints.clientSecret);
    }
  });
});

describe('registerCandidateSecrets', () => {
  it('makes the redactor hide the client secret, the API key and the notification header value', () => {
    const redactor = createRedactor();
    registerCandidateSecrets(redactor, endpoints);
    expect(redactor.redactText('client-secret-value api-key-value header-value-1 client-1')).toBe(
      '[REDACTED:client-secret] [REDACTED:provider-api-key] [REDACTED:notification-header-value] client-1',
    );
  });
});
