import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES, type Policies } from '../../harness/policies/index.ts';
import type { ExchangeRecord } from '../../harness/traffic/index.ts';
import { loadRequirementSet } from '../requirements/index.ts';
import { BANK_SYNC_CHECKS } from './bank-sync.checks.ts';
import type { Evidence } from './evidence.ts';

const CONNECTOR = 'http://127.0.0.1:4500';
const entry = (overrides: Record<string, unknown> = {}) => ({
  name: 'Test Bank',
  countryCode: 'GB',
  url: 'https://bank.example',
  externalRef: 'ref-1',
  supportiframe: true,
  callbackURLs: { notification: `${CONNECTOR}/notification`, availableAccounts: `${CONNECTOR}/availableaccounts`, auth: `${CONNECTOR}/auth`, reAuth: `${CONNECTOR}/authrefresh` },
  ...overrides,
});
const post = (data: unknown, status = 200): ExchangeRecord => ({
  seq: 1, id: 'x-000001', from: 'candidate', to: 'banking-service', api: 'provider-api', operationId: 'postBanks', startedAt: '2025-01-01T00:00:00.000Z', durationMs: 3,
  request: { method: 'POST', url: 'http://bs/v1/banks', headers: {}, body: { data }, bodyText: undefined, bodyBytes: 10 },
  response: { status, headers: {}, body: { data: { created: [{ principalId: 'p1' }] } }, bodyText: undefined, bodyBytes: 10 },
  failure: undefined, findings: [], annotations: {},
});
const evidence = (traffic: ExchangeRecord[], capabilities: Evidence['facts']['capabilities'] = ['bank-sync', 'iframe']): Evidence => ({
  traffic, events: [], steps: [],
  facts: { capabilities, policies: DEFAULT_POLICIES, providerClientId: 'c', connectorUrl: CONNECTOR, tokenLifetimeSeconds: 60, authDriver: 'form' },
});
const requirements = loadRequirementSet().requirements;
const decide = (id: string, input: Evidence, policies: Policies = DEFAULT_POLICIES) =>
  BANK_SYNC_CHECKS[id]?.(input, { requirement: requirements.find((requirement) => requirement.id === id)!, policies });

describe('bank-sync checks on hand-built evidence', () => {
  it('SYNC-02 wants all four callback URLs under CONNECTOR_PUBLIC_URL, at a path boundary', () => {
    expect(decide('SYNC-02', evidence([post({ toCreate: [entry()] })]))?.status).toBe('pass');
    const missing = entry({ callbackURLs: { notification: `${CONNECTOR}/notification`, auth: `${CONNECTOR}/auth`, reAuth: `${CONNECTOR}/authrefresh` } });
    expect(decide('SYNC-02', evidence([post({ toCreate: [missing] })]))?.sentence).toMatch(/data\.toCreate\[0\]\.callbackURLs\.availableAccounts is missing/);
    const otherPort = entry({ callbackURLs: { ...entry().callbackURLs, auth: 'http://127.0.0.1:45000/auth' } });
    expect(decide('SYNC-02', evidence([post({ toCreate: [otherPort] })]))?.sentence).toMatch(/callbackURLs\.auth is http:\/\/127\.0\.0\.1:45000\/auth, not an absolute URL under/);
  });

  it('SYNC-03 follows the policies banks-body-shape and country-code-format', () => {
    const usa = post([{ toCreate: [entry({ countryCode: 'USA' })] }]);
    expect(decide('SYNC-03', evidence([usa]))?.status).toBe('pass');
    expect(decide('SYNC-03', evidence([usa]), { ...DEFAULT_POLICIES, 'country-code-format': 'alpha-2' } as Policies)?.sentence).toMatch(/countryCode "USA" is not an ISO code policy country-code-format = alpha-2 allows/);
    expect(decide('SYNC-03', evidence([usa]), { ...DEFAULT_POLICIES, 'banks-body-shape': 'object' } as Policies)?.sentence).toMatch(/data is an array, which policy banks-body-shape = object does not allow/);
    expect(decide('SYNC-03', evidence([post({ toCreate: [entry({ name: ' ' })] })]))?.sentence).toMatch(/data\.toCreate\[0\]\.name is " "/);
  });

  it('SYNC-04 compares supportiframe with the declared capability', () => {
    expect(decide('SYNC-04', evidence([post({ toCreate: [entry()] })]))?.status).toBe('pass');
    expect(decide('SYNC-04', evidence([post({ toCreate: [entry()] })], ['bank-sync']))?.sentence).toMatch(/supportiframe is true, but the config does not declare the iframe capability/);
    expect(decide('SYNC-04', evidence([post({ toCreate: [entry({ supportiframe: 'yes' })] })]))?.sentence).toMatch(/supportiframe is "yes"; send true as a boolean/);
  });

  it('SYNC-01 fails a refused POST and is inconclusive without one', () => {
    expect(decide('SYNC-01', evidence([post({ toCreate: [entry()] }, 422)]))?.sentence).toMatch(/answered POST \/v1\/banks x-000001 with 422/);
    expect(decide('SYNC-01', evidence([]))?.status).toBe('inconclusive');
  });
});
