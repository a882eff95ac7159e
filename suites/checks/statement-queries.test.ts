import { describe, expect, it } from 'vitest';
import { EvidenceBuilder } from './check-test-evidence.ts';
import { decide, fingerprintOf, isResubmission, postedStatements, statementReads, statementsByAccount } from './statement-queries.ts';

const T0 = Date.parse('2026-02-01T12:00:00.000Z');
const ACCOUNT = '5b26b598-a880-4e32-8c41-126aa0206857';

describe('statement queries', () => {
  it('joins each POST with its answer and fate, in the order the candidate started them', () => {
    const evidence = new EvidenceBuilder();
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0 + 50, statementId: 's2', rejectedAtMs: T0 + 80, transactions: [{ uniqueId: 'b' }] });
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0, statementId: 's1', completedAtMs: T0 + 30, transactions: [{ uniqueId: 'a' }] });
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0 + 100, status: 409 });
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0 + 200, status: 500 });
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0 + 300, statementId: 's5' });
    const statements = postedStatements(evidence.build());
    expect(statements.map((statement) => [statement.exchange.id, statement.outcome, statement.statementId])).toEqual([
      ['x-000002', 'completed', 's1'],
      ['x-000001', 'rejected', 's2'],
      ['x-000003', 'refused', undefined],
      ['x-000004', 'uncertain', undefined],
      ['x-000005', 'in-flight', 's5'],
    ]);
    expect(statements[0]?.finishedMs).toBe(T0 + 30);
    expect(statements[0]?.transactions[0]).toMatchObject({ pointer: '/data/transactionDetails/0', uniqueId: 'a', datePostedMs: Date.parse('2026-01-01T10:00:00.000Z') });
  });

  it('tells a resubmission after an uncertain delivery from a re-send of what completed', () => {
    const evidence = new EvidenceBuilder();
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0, status: 500, transactions: [{ uniqueId: 'a' }] });
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0 + 100, statementId: 's2', completedAtMs: T0 + 130, transactions: [{ uniqueId: 'a' }] });
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0 + 200, statementId: 's3', transactions: [{ uniqueId: 'a' }] });
    const list = statementsByAccount(postedStatements(evidence.build())).get(ACCOUNT) ?? [];
    expect(list.map((_, index) => isResubmission(list, index))).toEqual([false, true, false]);
    expect(fingerprintOf(list[0]!.transactions[0]!)).toBe(fingerprintOf(list[2]!.transactions[0]!));
  });

  it('knows the statement behind an answer the fault injector lost after storing it', () => {
    const evidence = new EvidenceBuilder();
    evidence.event({ type: 'fault.injected', operationId: 'postStatement', occurrence: 1, fault: 'server-error-500', detail: { fault: 'server-error-500', 'fault.stored': 'true' } }, T0);
    evidence.event({ type: 'statement.received', bankAccountId: ACCOUNT, transactionCount: 1 }, T0);
    evidence.event({ type: 'statement.accepted', statementId: 'hidden', bankAccountId: ACCOUNT, transactionCount: 1 }, T0);
    evidence.event({ type: 'statement.completed', statementId: 'hidden', bankAccountId: ACCOUNT, transactionsStored: 1, firstTransactionId: 1, lastTransactionId: 1 }, T0 + 30);
    const lost = evidence.statement({ bankAccountId: ACCOUNT, atMs: T0, status: 500, transactions: [{ uniqueId: 'a' }] });
    (lost.annotations as Record<string, string>)['fault.stored'] = 'true';
    const [statement] = postedStatements(evidence.build());
    expect(statement).toMatchObject({ outcome: 'uncertain', statementId: undefined, storedAs: 'hidden', landed: true, finishedMs: T0 + 30 });
  });

  it('reads GET /v1/statements/{id} and its state', () => {
    const evidence = new EvidenceBuilder();
    evidence.poll('s1', T0, 'processing');
    evidence.poll('s1', T0 + 100, 'completed');
    expect(statementReads(evidence.build()).map((read) => [read.statementId, read.state, read.final])).toEqual([['s1', 'processing', false], ['s1', 'completed', true]]);
  });

  it('names the first finding with its exchange and pointer, and counts the rest', () => {
    const evidence = new EvidenceBuilder();
    const one = evidence.statement({ bankAccountId: ACCOUNT, atMs: T0 });
    const two = evidence.statement({ bankAccountId: ACCOUNT, atMs: T0 + 10 });
    const outcome = decide([{ exchange: one, pointer: '/data/a', message: 'is wrong' }, { exchange: two, pointer: '/data/b', message: 'too' }], 'fine', [one, two]);
    expect(outcome).toEqual({ status: 'fail', sentence: 'x-000001 /data/a: is wrong (1 more finding(s), also in x-000002)', exchanges: ['x-000001', 'x-000002'], events: [] });
    expect(decide([], 'fine', [one, two])).toEqual({ status: 'pass', sentence: 'fine', exchanges: ['x-000001', 'x-000002'], events: [] });
  });
});
