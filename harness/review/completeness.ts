import type { BundleManifest } from '../bundle/manifest.ts';
import type { Verdict } from '../../suites/checks/verdict.ts';
import { requirementApplies, type Capability, type LoadedRequirementSet } from '../../suites/requirements/index.ts';
import type { Findings } from './review-finding.ts';

const listed = (ids: readonly string[], max = 12): string => (ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')} and ${ids.length - max} more`);

/**
 * Whether the bundle decides the whole set: every requirement judged (one needing a capability the candidate did
 * not declare may be absent: it would be not-applicable), the run not interrupted, and no verdict the kit could not
 * decide. What is missing makes the bundle incomplete; it never counts as a pass.
 */
export function verifyCompleteness(manifest: BundleManifest, set: LoadedRequirementSet, verdicts: readonly Verdict[], capabilities: ReadonlySet<Capability>, findings: Findings): void {
  const judged = new Set(verdicts.map((verdict) => verdict.requirementId));
  const missing = set.requirements.filter((requirement) => !judged.has(requirement.id) && requirementApplies(requirement.capability, capabilities)).map((requirement) => requirement.id);
  const notApplicable = set.requirements.filter((requirement) => !requirementApplies(requirement.capability, capabilities)).length;
  if (missing.length > 0) {
    const only = manifest.selection.only.length > 0 ? ` (the run was limited with --only ${manifest.selection.only.join(', ')})` : '';
    findings.incomplete('completeness', `${missing.length} of the ${set.requirements.length} requirements of set ${set.version} were not judged${only}: ${listed(missing)}`);
  }
  if (manifest.run.incomplete) {
    const completed = manifest.run.completedFlows.length > 0 ? manifest.run.completedFlows.join(', ') : 'none';
    findings.incomplete('completeness', `the run was interrupted before every flow ran (flows completed: ${completed})`);
  }
  const undecided = verdicts.filter((verdict) => verdict.status === 'error');
  if (undecided.length > 0) {
    findings.incomplete('completeness', `the kit could not decide ${undecided.length} requirement${undecided.length === 1 ? '' : 's'} (status error, not the candidate's fault): ${listed(undecided.map((verdict) => verdict.requirementId))}`);
  }
  if (missing.length === 0 && !manifest.run.incomplete && undecided.length === 0) {
    findings.ok('completeness', `every requirement of set ${set.version} was judged and decided${notApplicable > 0 ? ` (${notApplicable} not applicable: their capability is not declared)` : ''}`);
  }
}
