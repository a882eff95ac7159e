import type { Verdict } from '../../suites/checks/verdict.ts';
import type { WebhookContractOutcome } from '../run/pact-phase.ts';
import type { ReviewFinding } from './review-finding.ts';

/**
 * approve: verified, complete and conformant · reject: verified, and a MUST fails (whatever a baseline says) or an
 * interaction of the webhook contract fails ·
 * tampered: the bundle is not what the kit wrote, is signed by another key, or its verdicts do not follow from its
 * evidence · incomplete: genuine, no failure, but not everything was judged and decided.
 */
export type ReviewDecision = 'approve' | 'reject' | 'tampered' | 'incomplete';

/**
 * `review`'s exit codes. 0, 1, 2 and 3 mean for review what they mean for certify (yes, no, usage, the kit
 * failed); 4 and 5 are review's own. 130 (interrupted) stays certify's.
 */
export const REVIEW_EXIT = Object.freeze({
  approve: 0,
  reject: 1,
  usage: 2,
  kitFailure: 3,
  tampered: 4,
  incomplete: 5,
});

export type ReviewExitCode = (typeof REVIEW_EXIT)[keyof typeof REVIEW_EXIT];

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The decision, in order of precedence: tampered, reject, incomplete, approve; with one sentence saying why. */
export function decideReview(findings: readonly ReviewFinding[], verdicts: readonly Verdict[], contracts?: Pick<WebhookContractOutcome, 'interactions'>): { decision: ReviewDecision; reason: string } {
  const tampered = findings.filter((finding) => finding.kind === 'tampered');
  if (tampered.length > 0) {
    const areas = [...new Set(tampered.map((finding) => finding.area))].join(', ');
    return { decision: 'tampered', reason: `Verification failed: ${plural(tampered.length, 'finding')} (${areas}); nothing in this bundle can be relied on.` };
  }
  const failed = verdicts.filter((verdict) => verdict.status === 'fail');
  const broken = (contracts?.interactions ?? []).filter((interaction) => interaction.status === 'failed');
  if (failed.length > 0 || broken.length > 0) {
    const parts = [
      ...(failed.length > 0 ? [`${plural(failed.length, 'MUST requirement')} ${failed.length === 1 ? 'fails' : 'fail'}: ${failed.map((verdict) => verdict.requirementId).join(', ')}`] : []),
      ...(broken.length > 0 ? [`${plural(broken.length, 'webhook contract interaction')} ${broken.length === 1 ? 'fails' : 'fail'}: ${broken.map((interaction) => `"${interaction.description}"`).join(', ')}`] : []),
    ];
    return { decision: 'reject', reason: `Verified, but ${parts.join('; and ')}.` };
  }
  const incomplete = findings.filter((finding) => finding.kind === 'incomplete');
  if (incomplete.length > 0) {
    return { decision: 'incomplete', reason: `Verified and no requirement fails, but the bundle does not decide the whole set: ${incomplete.map((finding) => finding.message.split(':')[0]).join('; ')}.` };
  }
  const warned = verdicts.filter((verdict) => verdict.status === 'warn').length;
  return { decision: 'approve', reason: `Verified, complete and conformant: every MUST passes${warned > 0 ? ` (${plural(warned, 'SHOULD')} not met, listed below)` : ''}.` };
}
