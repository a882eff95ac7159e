import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.ts';

const USERS = { testUsers: ['alice', 'bob', 'carol'] };
const VALID = Object.freeze({
  PORT: '8080',
  BANKING_SERVICE_URL: 'http://127.0.0.1:9000/',
  SAGE_ID_URL: 'http://127.0.0.1:9001',
  SAGE_ID_CLIENT_ID: 'client',
  SAGE_ID_CLIENT_SECRET: 'very-secret-value',
  SAGE_ID_AUDIENCE: 'provider-api',
  PROVIDER_API_KEY: 'api-key-value',
  CONNECTOR_PUBLIC_URL: 'http://127.0.0.1:8080/',
  NOTIFICATION_HEADER_NAME: 'X-Notify-Key',
  NOTIFICATION_HEADER_VALUE: 'header-secret',
});

describe('parseConfig', () => {
  it('reads the contract with its defaults and strips trailing slashes from base URLs', () => {
    const result = parseConfig(VALID, USERS);
    if (!('config' in result)) throw new Error(result.errors.join('\n'));
    expect(result.config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      bankingServiceUrl: 'http://127.0.0.1:9000',
      sageIdUrl: 'http://127.0.0.1:9001',
      connectorPublicUrl: 'http://127.0.0.1:8080',
      notificationHeaderName: 'x-notify-key',
      statementBatchLimit: 100,
      authMode: 'login-page',
      testBankAutoUser: 'alice',
      testControl: false,
      logLevel: 'info',
    });
    expect(result.config.faults.names).toEqual([]);
  });

  it('takes the optional switches', () => {
    const result = parseConfig(
      { ...VALID, HOST: '0.0.0.0', STATEMENT_BATCH_LIMIT: '1000', AUTH_MODE: 'auto-approve', TEST_BANK_AUTO_USER: 'bob', TEST_CONTROL: 'on', LOG_LEVEL: 'warn', FAULTS: ' no-api-key , oversize-batch ' },
      USERS,
    );
    if (!('config' in result)) throw new Error(result.errors.join('\n'));
    expect(result.config).toMatchObject({ host: '0.0.0.0', statementBatchLimit: 1000, authMode: 'auto-approve', testBankAutoUser: 'bob', testControl: true, logLevel: 'warn' });
    expect(result.config.faults.has('no-api-key')).toBe(true);
    expect(result.config.faults.has('oversize-batch')).toBe(true);
    expect(result.config.faults.has('no-bank-sync')).toBe(false);
  });

  it('reports one line per missing variable', () => {
    const result = parseConfig({}, USERS);
    if (!('errors' in result)) throw new Error('expected errors');
    expect(result.errors).toHaveLength(10);
    expect(result.errors[0]).toBe('PORT is missing: set it to the TCP port the connector listens on.');
    for (const name of ['BANKING_SERVICE_URL', 'SAGE_ID_URL', 'SAGE_ID_CLIENT_ID', 'SAGE_ID_CLIENT_SECRET', 'SAGE_ID_AUDIENCE', 'PROVIDER_API_KEY', 'CONNECTOR_PUBLIC_URL', 'NOTIFICATION_HEADER_NAME', 'NOTIFICATION_HEADER_VALUE']) {
      expect(result.errors.filter((line) => line.startsWith(`${name} is missing`))).toHaveLength(1);
    }
  });

  it('names each invalid value in its own line and never repeats a secret', () => {
    const result = parseConfig(
      {
        ...VALID,
        PORT: '70000',
        BANKING_SERVICE_URL: 'ftp://x',
        SAGE_ID_URL: 'not a url',
        CONNECTOR_PUBLIC_URL: 'http://x/?q=1',
        NOTIFICATION_HEADER_NAME: 'bad header',
        STATEMENT_BATCH_LIMIT: '0',
        AUTH_MODE: 'magic',
        TEST_BANK_AUTO_USER: 'mallory',
        TEST_CONTROL: 'yes',
        LOG_LEVEL: 'loud',
        FAULTS: 'no-api-key,made-up-fault',
      },
      USERS,
    );
    if (!('errors' in result)) throw new Error('expected errors');
    expect(result.errors).toEqual([
      'PORT must be an integer from 0 to 65535, got "70000".',
      'BANKING_SERVICE_URL must be an http or https URL, got the scheme ftp:',
      'SAGE_ID_URL is not a URL: set it to the Sage ID base URL (token at SAGE_ID_URL/oauth/token).',
      'CONNECTOR_PUBLIC_URL must be a base URL without a query or fragment.',
      'NOTIFICATION_HEADER_NAME must be a valid HTTP header name, got "bad header".',
      'STATEMENT_BATCH_LIMIT must be an integer from 1 to 1000, got "0".',
      'AUTH_MODE must be one of login-page, auto-approve, got "magic".',
      'TEST_BANK_AUTO_USER must be one of the test users alice, bob, carol, got "mallory".',
      'TEST_CONTROL must be one of on, off, got "yes".',
      'LOG_LEVEL must be one of debug, info, warn, error, silent, got "loud".',
      'FAULTS names an unknown fault switch "made-up-fault": see the fault table in examples/reference-connector/README.md.',
    ]);
    expect(result.errors.join('\n')).not.toMatch(/very-secret-value|api-key-value|header-secret/);
  });
});
