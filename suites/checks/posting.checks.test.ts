import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES, resolvePolicies, type Policies } from '../../harness/policies/index.ts';
import { loadRequirementSet } from '../requirements/index.ts';
import type { CheckContext, CheckOutcome } from './check.ts';
import { EvidenceBuilder } from './check-test-evidence.ts';
import type { Evidence } from './evidence.ts';
import { POSTING_CHECKS } from './posting.checks.ts';

const requirements = new Map(loadRequirementSet().requirements.map((requirement) => [requirement.id, requirement]));
const decide = (id: string, evidence: Evidence, policies: Policies = DEFAULT_POLICIES): CheckOutcome => {
  const requirement = requirements.get(id);
  const check = POSTING_CHECKS[id];
  if (!requirement || !check) throw new Error(`no requirement or check ${id}`);
  const context: CheckContext = { requirement, policies };
  return check(evidence, context);
};
const T0 = Date.parse('2026-02-01T12:00:00.000Z');
const ACCOUNT = '5b26b598-a880-4e32-8c41-126aa0206857';
const OTHER = '6c37c6a9-b991-4f43-9d52-237bb1317968';

describe('posting checks on hand-built evidence', () => {
  it('decides every STMT requirement of the set, and nothing else', () => {
    expect(Object.keys(POSTING_CHECKS).sort()).toEqual([...requirements.keys()].filter((id) => id.startsWith('STMT-')).sort());
  });

  it('says inconclusive, never pass, when the candidate posted nothing', () => {
    const empty = new EvidenceBuilder().build();
    const passed = Object.keys(POSTING_CHECKS).filter((id) => decide(id, empty).status === 'pass');
    // Only the checks a policy switches off may pass without evidence; by default none is off.
    expect(passed).toEqual([]);
    expect(decide('STMT-15', empty, resolvePolicies({ 'two-week-spread-scope': 'off' })).status).toBe('pass');
  });

  it('STMT-07: finds a uniqueId repeated in one statement and one reused for a different transaction, not a resubmission', () => {
    const evidence = new EvidenceBuilder();
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0, statementId: 's1', completedAtMs: T0 + 30, transactions: [{ uniqueId: 'a' }, { uniqueId: 'b' }] });
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0 + 100, status: 500, transactions: [{ uniqueId: 'c' }] });
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0 + 200, statementId: 's3', completedAtMs: T0 + 230, transactions: [{ uniqueId: 'c' }] });
    expect(decide('STMT-07', evidence.build()).status).toBe('pass');

    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0 + 300, statementId: 's4', transactions: [{ uniqueId: 'd' }, { uniqueId: 'd', referenceNumber: 'other' }] });
    const outcome = decide('STMT-07', evidence.build());
    expect(outcome).toMatchObject({ status: 'fail', exchanges: ['x-000004'] });
    expect(outcome.sentence).toMatch(/^x-000004 \/data\/transactionDetails\/1\/uniqueId: "d" repeats transactionDetails\[0\]\.uniqueId/);

    const reused = new EvidenceBuilder();
    reused.statement({ bankAccountId: ACCOUNT, atMs: T0, statementId: 's1', completedAtMs: T0 + 30, transactions: [{ uniqueId: 'a', transactionAmount: -5 }] });
    reused.statement({ bankAccountId: ACCOUNT, atMs: T0 + 100, statementId: 's2', transactions: [{ uniqueId: 'a', transactionAmount: -6, referenceNumber: 'new' }] });
    expect(decide('STMT-07', reused.build()).sentence).toMatch(/^x-000002 \/data\/transactionDetails\/0\/uniqueId: "a" already named a different transaction in x-000001/);
  });

  it('STMT-07: the uniqueId scope follows policy unique-id-scope', () => {
    const evidence = new EvidenceBuilder();
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0, statementId: 's1', completedAtMs: T0 + 30, transactions: [{ uniqueId: 'a' }] });
    evidence.statement({ bankAccountId: OTHER, atMs: T0 + 100, statementId: 's2', completedAtMs: T0 + 130, transactions: [{ uniqueId: 'a', bankAccountId: OTHER }] });
    expect(decide('STMT-07', evidence.build()).status).toBe('pass');
    expect(decide('STMT-07', evidence.build(), resolvePolicies({ 'unique-id-scope': 'provider' })).sentence).toMatch(/^x-000002 .*reappears although x-000001 already delivered it/);
  });

  it('STMT-06: catches an accepted transaction re-sent under a new uniqueId, once an incremental push ran', () => {
    const evidence = new EvidenceBuilder();
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0, statementId: 's1', completedAtMs: T0 + 30, transactions: [{ uniqueId: 'a' }, { uniqueId: 'b' }] });
    expect(decide('STMT-06', evidence.build()).status).toBe('inconclusive');
    const from = evidence.mark();
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0 + 100, statementId: 's2', completedAtMs: T0 + 130, transactions: [{ uniqueId: 'b-again', datePosted: '2026-01-02T10:00:00.000Z', referenceNumber: 'ref-1', description: 'payment 1' }, { uniqueId: 'c' }] });
    evidence.step('posting', 'push-new-transactions', from, { bankAccountId: ACCOUNT });
    const outcome = decide('STMT-06', evidence.build());
    expect(outcome.status).toBe('fail');
    expect(outcome.sentence).toMatch(/^x-000002 \/data\/transactionDetails\/0: re-sends the transaction accepted as "b" in x-000001 .* under the new uniqueId "b-again"/);
  });

  it('STMT-13: a POST before the previous statement completed fails; another account may overlap', () => {
    const evidence = new EvidenceBuilder();
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0, durationMs: 10, statementId: 's1', completedAtMs: T0 + 50, transactions: [{}] });
    evidence.statement({ bankAccountId: OTHER, atMs: T0 + 5, statementId: 'o1', completedAtMs: T0 + 60, transactions: [{ bankAccountId: OTHER }] });
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0 + 51, statementId: 's2', completedAtMs: T0 + 90, transactions: [{ uniqueId: 'z' }] });
    expect(decide('STMT-13', evidence.build()).status).toBe('pass');
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0 + 60, statementId: 's3', completedAtMs: T0 + 120, transactions: [{ uniqueId: 'y' }] });
    const outcome = decide('STMT-13', evidence.build());
    expect(outcome.status).toBe('fail');
    expect(outcome.sentence).toMatch(/^x-000004 \/data\/accountDetails\/0\/bankAccountId: POST for bank account .* while statement s2 \(x-000003\) of the same account was in flight/);
  });

  it('STMT-14: wants the final state read before the next POST', () => {
    const evidence = new EvidenceBuilder();
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0, statementId: 's1', completedAtMs: T0 + 30, transactions: [{}] });
    evidence.poll('s1', T0 + 10, 'processing');
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0 + 40, statementId: 's2', completedAtMs: T0 + 70, transactions: [{ uniqueId: 'q' }] });
    evidence.poll('s1', T0 + 100, 'completed');
    const outcome = decide('STMT-14', evidence.build());
    expect(outcome.status).toBe('fail');
    expect(outcome.sentence).toMatch(/^x-000003 \/data\/accountDetails\/0\/bankAccountId: was posted before the candidate had read the final state of the account's previous statement s1 \(x-000001; last read before: x-000002, processing\)/);
  });

  it('STMT-14: does not judge a statement the connector stopped following because the account was deleted after it', () => {
    const build = (deleted: boolean) => {
      const evidence = new EvidenceBuilder();
      const from = evidence.mark();
      evidence.statement({ bankAccountId: ACCOUNT, atMs: T0, statementId: 's1', completedAtMs: T0 + 30, transactions: [{}] });
      evidence.poll('s1', T0 + 40, 'completed');
      evidence.statement({ bankAccountId: ACCOUNT, atMs: T0 + 50, statementId: 's2', rejectedAtMs: T0 + 60, transactions: [{ uniqueId: 'q' }] });
      if (deleted) {
        evidence.event({ type: 'notification.sent', operationId: 'postNotification', notificationType: 'resourceDeleted', resourceType: 'bankAccount', resourceId: ACCOUNT, bankId: 'b', outcome: { url: 'http://127.0.0.1:2/notification', status: 202, failure: undefined, durationMs: 1, acknowledged: true, exchangeId: undefined } }, T0 + 55);
      }
      // A step that awaited the account: its last statement is judged too.
      evidence.step('reauthorisation', 'restore-account', from, { bankAccountId: ACCOUNT });
      return evidence.build();
    };
    expect(decide('STMT-14', build(false)).sentence).toMatch(/statement s2 was never read back/);
    expect(decide('STMT-14', build(true)).status).toBe('pass');
  });

  it('STMT-12: the balance must move by the transactions since the previous accepted statement', () => {
    const evidence = new EvidenceBuilder();
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0, statementId: 's1', completedAtMs: T0 + 30, ledgerBalance: 100, transactions: [{ transactionAmount: -10 }] });
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0 + 40, statementId: 's2', completedAtMs: T0 + 70, ledgerBalance: 95.5, transactions: [{ uniqueId: 'n', transactionAmount: -4.5 }] });
    expect(decide('STMT-12', evidence.build()).status).toBe('pass');
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0 + 80, statementId: 's3', ledgerBalance: 95.5, transactions: [{ uniqueId: 'm', transactionAmount: 20 }] });
    expect(decide('STMT-12', evidence.build()).sentence).toMatch(/^x-000003 \/data\/accountDetails\/0\/balances\/ledgerBalance: is 95\.5, but the previous accepted statement x-000002 ended at 95\.5 .* sum to 20: send 115\.5/);
  });

  it('STMT-16: a split backlog goes oldest batch first', () => {
    const evidence = new EvidenceBuilder();
    const from = evidence.mark();
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0, statementId: 's1', completedAtMs: T0 + 30, transactions: [{ datePosted: '2026-01-10T00:00:00.000Z' }] });
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0 + 40, statementId: 's2', completedAtMs: T0 + 70, transactions: [{ uniqueId: 'old', datePosted: '2026-01-03T00:00:00.000Z' }] });
    evidence.step('posting', 'await-history-push', from, { bankAccountId: ACCOUNT });
    expect(decide('STMT-16', evidence.build()).sentence).toMatch(/^x-000002 \/data\/transactionDetails\/0\/datePosted: 2026-01-03T00:00:00\.000Z is older than the newest transaction of the batch posted before it \(x-000001/);
    expect(decide('STMT-16', evidence.build(), resolvePolicies({ 'statement-order': 'off' })).status).toBe('pass');
  });

  it('STMT-17: the debit sum sign follows policy debit-sum-sign', () => {
    const evidence = new EvidenceBuilder();
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0, statementId: 's1', transactions: [{ transactionAmount: -100 }], expected: { transactionDetailsCount: 1, accountDetailsCount: 1, transactionCreditSum: 0, transactionDebitSum: 100 } });
    expect(decide('STMT-17', evidence.build()).sentence).toMatch(/^x-000001 \/data\/expected\/transactionDebitSum: is 100 but the payload gives -100 .*policy debit-sum-sign = negative/);
    expect(decide('STMT-17', evidence.build(), resolvePolicies({ 'debit-sum-sign': 'either' })).status).toBe('pass');
  });

  it('STMT-05: compares datePosted with requestedStartDate by UTC date', () => {
    const evidence = new EvidenceBuilder();
    evidence.bankAccountCreated(ACCOUNT, '2026-01-05T15:00:00.000Z', T0);
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0 + 10, statementId: 's1', transactions: [{ datePosted: '2026-01-05T01:00:00.000Z' }] });
    expect(decide('STMT-05', evidence.build()).status).toBe('pass');
    evidence.statement({ bankAccountId: ACCOUNT, atMs: T0 + 20, statementId: 's2', transactions: [{ uniqueId: 'e', datePosted: '2026-01-04T23:59:59.000Z' }] });
    expect(decide('STMT-05', evidence.build()).sentence).toMatch(/^x-000003 \/data\/transactionDetails\/0\/datePosted: 2026-01-04T23:59:59\.000Z is before the requestedStartDate/);
  });

  it('STMT-11 and STMT-19 read what the simulator does not judge: balance dates and currency codes', () => {
    const evidence = new EvidenceBuilder();
    evidence.exchange({
      from: 'candidate', to: 'banking-service', method: 'POST', url: 'http://127.0.0.1:1/v1/statements', operationId: 'postStatement', atMs: T0, status: 201, responseBody: { data: { _id: 's1' } },
      body: { data: { accountDetails: [{ bankAccountId: ACCOUNT, status: 'active', balances: { ledgerBalance: -12.5 } }], transactionDetails: [{ uniqueId: 'a', bankAccountId: ACCOUNT, transactionAmount: -1, transactionType: 'DEBIT', exchangeAmount: -1.2 }] } },
    });
    expect(decide('STMT-11', evidence.build()).sentence).toBe('x-000001 /data/accountDetails/0/balances/ledgerBalanceDate: is missing: send the date of the ending balance as an ISO 8601 date-time');
    expect(decide('STMT-19', evidence.build()).sentence).toMatch(/^x-000001 \/data\/transactionDetails\/0\/exchangeCurrency: is missing although exchangeAmount -1\.2 is sent/);
  });
});
