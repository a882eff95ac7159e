import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../suites/checks/verdict.ts';
import { decideReview, REVIEW_EXIT } from './review-decision.ts';
import type { ReviewFinding } from './review-finding.ts';

const verdict = (requirementId: string, status: Verdict['status']) => ({ requirementId, status }) as Verdict;
const finding = (kind: ReviewFinding['kind']): ReviewFinding => ({ kind, area: 'completeness', message: `${kind}: something` });

describe('decideReview', () => {
  it('tampered beats reject beats incomplete beats approve', () => {
    const failing = [verdict('ONB-01', 'fail'), verdict('SYNC-01', 'pass')];
    expect(decideReview([finding('tampered'), finding('incomplete')], failing).decision).toBe('tampered');
    expect(decideReview([finding('incomplete'), finding('warning')], failing)).toEqual({ decision: 'reject', reason: 'Verified, but 1 MUST requirement fails: ONB-01.' });
    expect(decideReview([finding('incomplete')], [verdict('SYNC-01', 'pass')]).decision).toBe('incomplete');
    expect(decideReview([finding('warning'), finding('ok')], [verdict('SYNC-01', 'pass'), verdict('SEC-09', 'warn')])).toEqual({
      decision: 'approve', reason: 'Verified, complete and conformant: every MUST passes (1 SHOULD not met, listed below).',
    });
  });

  it('uses exit codes that keep certify\'s meanings and add 4 and 5', () => {
    expect(REVIEW_EXIT).toEqual({ approve: 0, reject: 1, usage: 2, kitFailure: 3, tampered: 4, incomplete: 5 });
  });
});
