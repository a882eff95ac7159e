import { describe, expect, it } from 'vitest';
import type { SimulatorEvent } from '../../harness/banking-service/events/simulator-event.ts';
import { DEFAULT_POLICIES } from '../../harness/policies/index.ts';
import type { ExchangeRecord } from '../../harness/traffic/index.ts';
import type { Evidence } from './evidence.ts';
import { activationProblem } from './onboarding.checks.ts';

describe('activationProblem (policy account-activation)', () => {
  const read = (status: string, startedAt: string): ExchangeRecord => ({
    seq: 9, id: 'x-000009', from: 'product', to: 'banking-service', api: 'consumer-api', operationId: 'getBankAccount', startedAt, durationMs: 5,
    request: { method: 'GET', url: 'http://bs/api/v1/organisations/o/companies/c/bankaccounts/a1', headers: {}, body: undefined, bodyText: undefined, bodyBytes: 0 },
    response: { status: 200, headers: {}, body: { bankAccountId: 'a1', status }, bodyText: undefined, bodyBytes: 10 },
    failure: undefined, findings: [], annotations: {},
  });
  const completed = (at: string, transactionsStored = 3): SimulatorEvent => ({
    type: 'statement.completed', statementId: 's1', bankAccountId: 'a1', transactionsStored, firstTransactionId: 1, lastTransactionId: 3, seq: 1, at,
  });
  const activated = (at: string): SimulatorEvent => ({
    type: 'account.status-changed', bankAccountId: 'a1', from: 'pending', to: 'active', cause: 'first transactions', seq: 2, at,
  });
  const evidence = (events: SimulatorEvent[]): Evidence => ({
    traffic: [], events, steps: [],
    facts: { capabilities: [], policies: DEFAULT_POLICIES, providerClientId: 'c', connectorUrl: 'http://127.0.0.1:1', tokenLifetimeSeconds: 60, authDriver: 'form' },
  });

  it('accepts pending before the first statement with transactions and active after it', () => {
    const events = [completed('2025-01-01T10:00:01.000Z')];
    expect(activationProblem(evidence(events), DEFAULT_POLICIES, read('pending', '2025-01-01T10:00:00.000Z'), 'a1')).toBeUndefined();
    expect(activationProblem(evidence(events), DEFAULT_POLICIES, read('active', '2025-01-01T10:00:02.000Z'), 'a1')).toBeUndefined();
  });

  it('refuses pending after a completed statement, active before one, and other statuses', () => {
    const completedThenActivated = [completed('2025-01-01T10:00:00.000Z'), activated('2025-01-01T10:00:00.000Z')];
    expect(activationProblem(evidence(completedThenActivated), DEFAULT_POLICIES, read('pending', '2025-01-01T10:00:01.000Z'), 'a1')).toMatch(/x-000009 reads status pending .* although it had become active \(event 2/);
    expect(activationProblem(evidence([completed('2025-01-01T10:00:05.000Z', 0)]), DEFAULT_POLICIES, read('active', '2025-01-01T10:00:06.000Z'), 'a1')).toMatch(/active .* before any statement/);
    expect(activationProblem(evidence([]), DEFAULT_POLICIES, read('cancelled', '2025-01-01T10:00:06.000Z'), 'a1')).toMatch(/reads status cancelled/);
  });

  it('does not blame a pending read that arrived between the statement completing and the account activating', () => {
    const events = [completed('2025-01-01T10:00:00.000Z'), activated('2025-01-01T10:00:00.002Z')];
    expect(activationProblem(evidence(events), DEFAULT_POLICIES, read('pending', '2025-01-01T10:00:00.001Z'), 'a1')).toBeUndefined();
  });

  it('follows the policy: active at once when it says on-creation', () => {
    const policies = { ...DEFAULT_POLICIES, 'account-activation': 'on-creation' } as typeof DEFAULT_POLICIES;
    expect(activationProblem(evidence([]), policies, read('pending', '2025-01-01T10:00:00.000Z'), 'a1')).toMatch(/on-creation/);
    expect(activationProblem(evidence([]), policies, read('active', '2025-01-01T10:00:00.000Z'), 'a1')).toBeUndefined();
  });
});
