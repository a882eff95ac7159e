import { describe, expect, it } from 'vitest';
import type { SimulatorEvent } from '../../harness/banking-service/events/simulator-event.ts';
import { DEFAULT_POLICIES } from '../../harness/policies/index.ts';
import type { ExchangeRecord } from '../../harness/traffic/index.ts';
import { loadRequirementSet } from '../requirements/index.ts';
import type { Evidence } from './evidence.ts';
import { OFFBOARDING_CHECKS } from './offboarding.checks.ts';

describe('OFF-02 on hand-built evidence', () => {
  const requirement = loadRequirementSet().requirements.find((candidate) => candidate.id === 'OFF-02');
  const record = (seq: number, from: 'banking-service' | 'candidate', operationId: string, startedAt: string, body: unknown): ExchangeRecord => ({
    seq, id: `x-${String(seq).padStart(6, '0')}`, from, to: from === 'candidate' ? 'banking-service' : 'candidate', api: undefined, operationId, startedAt, durationMs: 10,
    request: { method: 'POST', url: 'http://h/x', headers: {}, body, bodyText: undefined, bodyBytes: 1 },
    response: { status: from === 'candidate' ? 409 : 202, headers: {}, body: {}, bodyText: undefined, bodyBytes: 2 },
    failure: undefined, findings: [], annotations: {},
  });
  const statement = { data: { accountDetails: [{ bankAccountId: 'gone' }], transactionDetails: [] } };
  const events: SimulatorEvent[] = [
    { type: 'account.deleted', bankAccountId: 'gone', transactionsDeleted: 3, seq: 1, at: '2025-01-01T10:00:00.000Z' },
    {
      type: 'notification.sent', operationId: 'postNotification', notificationType: 'resourceDeleted', resourceType: 'bankAccount', resourceId: 'gone', bankId: 'b',
      outcome: { url: 'http://c/notification', status: 202, failure: undefined, durationMs: 10, acknowledged: true, exchangeId: 'x-000002' }, seq: 2, at: '2025-01-01T10:00:00.010Z',
    },
  ];
  const evidence = (traffic: ExchangeRecord[]): Evidence => ({
    traffic, events, steps: [],
    facts: { capabilities: [], policies: DEFAULT_POLICIES, providerClientId: 'c', connectorUrl: 'http://c', tokenLifetimeSeconds: 60, authDriver: 'form' },
  });
  const check = OFFBOARDING_CHECKS['OFF-02'];
  const decide = (traffic: ExchangeRecord[]) => check?.(evidence(traffic), { requirement: requirement!, policies: DEFAULT_POLICIES });

  it('does not count a statement that reached Banking Service before the deletion was answered', () => {
    // Recorded after the notification (it finished later) but received while the connector was still being told.
    const early = record(3, 'candidate', 'postStatement', '2025-01-01T10:00:00.005Z', statement);
    expect(decide([record(2, 'banking-service', 'postNotification', '2025-01-01T10:00:00.000Z', {}), early])?.status).toBe('pass');
  });

  it('does not count a statement stamped just after the answer, which may have crossed the notification on the wire', () => {
    // The notification ended at 10:00:00.010; a POST read 150 ms later may have been sent before the deletion arrived.
    const crossing = record(3, 'candidate', 'postStatement', '2025-01-01T10:00:00.160Z', statement);
    expect(decide([record(2, 'banking-service', 'postNotification', '2025-01-01T10:00:00.000Z', {}), crossing])?.status).toBe('pass');
  });

  it('fails a statement sent after the deletion was answered, naming both exchanges', () => {
    const late = record(3, 'candidate', 'postStatement', '2025-01-01T10:00:01.000Z', statement);
    const outcome = decide([record(2, 'banking-service', 'postNotification', '2025-01-01T10:00:00.000Z', {}), late]);
    expect(outcome?.status).toBe('fail');
    expect(outcome?.sentence).toMatch(/After resourceDeleted x-000002 for bank account gone the connector still sent 1 POST \/v1\/statements naming it \(first x-000003, answered 409\)/);
  });

  it('is inconclusive when no account was disconnected', () => {
    expect(OFFBOARDING_CHECKS['OFF-02']?.({ ...evidence([]), events: [] }, { requirement: requirement!, policies: DEFAULT_POLICIES }).status).toBe('inconclusive');
  });
});
