import { applyBaseline } from '../baseline/index.ts';
import type { BundleManifest } from '../bundle/manifest.ts';
import type { Verdict } from '../../suites/checks/verdict.ts';
import { mustAgree } from './verify-manifest.ts';
import type { Findings } from './review-finding.ts';

/**
 * The baseline outcome the manifest records (accepted, new, stale) must follow from its known failures and the
 * verdicts. The review itself never waives a failure for a baseline: that is the provider's CI tool, not Sage's.
 */
export function verifyBaseline(manifest: BundleManifest, verdicts: readonly Verdict[], findings: Findings): void {
  const { knownFailures, outcome } = manifest.baseline;
  const expected = applyBaseline(new Map(verdicts.map((verdict) => [verdict.requirementId, verdict.status])), { source: manifest.baseline.file ?? '', knownFailures });
  const agrees = mustAgree(findings, 'baseline', 'the baseline outcome', { name: 'the manifest', value: outcome }, { name: 'the outcome re-computed from its known failures', value: { newFailures: expected.newFailures, stale: expected.stale, accepted: expected.accepted } });
  if (agrees) {
    findings.ok('baseline', knownFailures.length === 0 ? 'no baseline: no failure was accepted as known' : `the baseline outcome recorded (${outcome.accepted.length} accepted, ${outcome.newFailures.length} new, ${outcome.stale.length} stale) follows from its ${knownFailures.length} known failure(s)`);
  }
  if (outcome.accepted.length > 0) {
    findings.warning('baseline', `the provider's baseline accepts ${outcome.accepted.map((entry) => entry.requirement).join(', ')} as known failure(s); a review does not: a failing MUST rejects the submission`);
  }
}
