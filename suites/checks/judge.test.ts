import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../../harness/policies/index.ts';
import type { Requirement } from '../requirements/index.ts';
import { fail, inconclusive, notApplicable, pass, type Check } from './check.ts';
import type { Evidence } from './evidence.ts';
import { judge, undecidedByInterruption } from './judge.ts';
import type { FlowStepRecord } from '../flows/flow-step.ts';

const requirement = (id: string, extra: Partial<Requirement> = {}): Requirement => ({
  id, level: 'MUST', flow: 'posting', title: `title ${id}`, statement: 's.', evidence: ['P-STMT'], anchors: [], origin: 'derived-rule',
  policies: [], observable: 'o.', hint: 'h.', ...extra,
});
const step = (status: FlowStepRecord['status'], flow: FlowStepRecord['flow'] = 'posting'): FlowStepRecord => ({
  seq: 1, flow, step: 'push-history', status, message: 'it broke', startedAt: '', durationMs: 1, afterExchange: 0, lastExchange: 0, afterEvent: 0, lastEvent: 0, data: {},
});
const evidence = (steps: FlowStepRecord[] = []): Evidence => ({
  traffic: [], events: [], steps,
  facts: { capabilities: [], policies: DEFAULT_POLICIES, providerClientId: 'c', connectorUrl: 'http://127.0.0.1:1', tokenLifetimeSeconds: 60, authDriver: 'form' },
});
const options = (checks: Record<string, Check>) => ({ capabilities: new Set<never>(), policies: DEFAULT_POLICIES, checks });

describe('judge', () => {
  it('passes, fails a MUST and warns a SHOULD', () => {
    const verdicts = judge(evidence(), [requirement('A-01'), requirement('A-02'), requirement('A-03', { level: 'SHOULD' })], options({
      'A-01': () => pass('fine', ['x-000001']),
      'A-02': () => fail('broken'),
      'A-03': () => fail('meh'),
    }));
    expect(verdicts.map((v) => [v.requirementId, v.status, v.sentence])).toEqual([
      ['A-01', 'pass', 'fine'], ['A-02', 'fail', 'broken'], ['A-03', 'warn', 'meh'],
    ]);
    expect(verdicts[0]?.exchanges).toEqual(['x-000001']);
  });

  it('is not applicable without the capability, and an error without a check or when the check throws', () => {
    const verdicts = judge(evidence(), [requirement('B-01', { capability: 'multi-account-linking' }), requirement('B-02'), requirement('B-03')], options({
      'B-03': () => { throw new Error('bug'); },
    }));
    expect(verdicts.map((v) => v.status)).toEqual(['not-applicable', 'error', 'error']);
    expect(verdicts[2]?.sentence).toBe("The kit's check for B-03 failed: bug");
  });

  it('blames the kit for missing evidence when a step hit a kit error, and the candidate otherwise', () => {
    const check = () => inconclusive('No statement was posted.');
    const kitBroke = judge(evidence([step('kit-error')]), [requirement('C-01')], options({ 'C-01': check }));
    expect(kitBroke[0]).toMatchObject({ status: 'error', sentence: 'No statement was posted. The kit failed in step posting/push-history: it broke' });
    const candidateBroke = judge(evidence([step('candidate-failed', 'onboarding')]), [requirement('C-01')], options({ 'C-01': check }));
    expect(candidateBroke[0]).toMatchObject({ status: 'fail', sentence: 'No statement was posted. Not observed because step onboarding/push-history failed: it broke' });
  });

  it('passes a check\'s not-applicable through with its reason', () => {
    const [verdict] = judge(evidence(), [requirement('E-01')], options({ 'E-01': () => notApplicable('The redirect driver cannot log in as a chosen user.') }));
    expect(verdict).toMatchObject({ status: 'not-applicable', sentence: 'The redirect driver cannot log in as a chosen user.' });
  });

  it('records the policies a verdict depended on with their values', () => {
    const [verdict] = judge(evidence(), [requirement('D-01', { policies: ['statement-batch-limit'] })], options({ 'D-01': () => pass('ok') }));
    expect(verdict?.policies).toEqual({ 'statement-batch-limit': 100 });
  });

  it('leaves a flow cut short by an interruption undecided, never failed, and keeps the rest', () => {
    const [failed, notApplicable] = judge(evidence(), [requirement('F-01'), requirement('F-02', { capability: 'iframe' })], options({ 'F-01': () => fail('no statement') }));
    expect(undecidedByInterruption(failed!, ['onboarding'])).toMatchObject({ status: 'error', sentence: 'Not decided: the run was interrupted before the posting flow finished.', exchanges: [] });
    expect(undecidedByInterruption(failed!, ['posting'])).toBe(failed);
    expect(undecidedByInterruption(notApplicable!, [])).toBe(notApplicable);
  });
});
