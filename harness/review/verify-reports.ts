import type { BundleManifest } from '../bundle/manifest.ts';
import type { CertificationSummary } from '../report/certification-summary.ts';
import type { Verdict } from '../../suites/checks/verdict.ts';
import { mustAgree } from './verify-manifest.ts';
import type { Findings } from './review-finding.ts';

/** Keeps only the keys the summary actually has: a field it does not carry is not a disagreement. */
function present<T extends Record<string, unknown>>(summarySide: T, manifestSide: Record<keyof T, unknown>): [Partial<T>, Record<string, unknown>] {
  const keys = Object.keys(summarySide).filter((key) => summarySide[key] !== undefined);
  return [Object.fromEntries(keys.map((key) => [key, summarySide[key]])) as Partial<T>, Object.fromEntries(keys.map((key) => [key, manifestSide[key as keyof T]]))];
}

/**
 * reports/summary.json restates most of the manifest and every verdict. An edit to the manifest or to
 * verdicts.json that left summary.json alone shows here, naming the field: without a signature this is what says
 * *what* in the manifest changed.
 */
export function verifyReports(manifest: BundleManifest, summary: CertificationSummary | undefined, verdicts: readonly Verdict[] | undefined, findings: Findings): void {
  if (summary === undefined) {
    findings.warning('reports', 'the bundle has no readable reports/summary.json: the manifest could not be cross-checked against it');
    return;
  }
  const name = 'reports/summary.json';
  const pairs: [string, unknown, unknown][] = [
    ['kit', summary.kit, manifest.kit],
    ['requirement set', summary.requirementSet, manifest.requirementSet],
    ['capabilities', summary.capabilities, manifest.capabilities],
    ['policies', summary.policies, manifest.policies],
    ['selection', { only: summary.selection?.only, flows: summary.selection?.flows, requirements: summary.selection?.requirements }, { only: manifest.selection.only, flows: manifest.selection.flows, requirements: manifest.selection.requirements.length }],
    ['run', { startedAt: summary.startedAt, finishedAt: summary.finishedAt, incomplete: summary.incomplete }, { startedAt: manifest.run.startedAt, finishedAt: manifest.run.finishedAt, incomplete: manifest.run.incomplete }],
  ];
  if (summary.candidate) {
    const [fromSummary, fromManifest] = present(summary.candidate as unknown as Record<string, unknown>, manifest.candidate as unknown as Record<string, unknown>);
    pairs.push(['candidate', fromSummary, fromManifest]);
  }
  if (summary.baseline) {
    pairs.push(['baseline', summary.baseline, { file: manifest.baseline.file, accepted: manifest.baseline.outcome.accepted, newFailures: manifest.baseline.outcome.newFailures, stale: manifest.baseline.outcome.stale }]);
  }
  let agrees = true;
  for (const [what, fromSummary, fromManifest] of pairs) {
    if (fromSummary === undefined) continue;
    agrees = mustAgree(findings, 'reports', `the ${what}`, { name: 'the manifest', value: fromManifest }, { name, value: fromSummary }) && agrees;
  }
  if (verdicts && Array.isArray(summary.verdicts)) {
    const byId = new Map(summary.verdicts.map((verdict) => [verdict.requirementId, verdict]));
    for (const verdict of verdicts) {
      const reported = byId.get(verdict.requirementId);
      if (reported === undefined) {
        findings.tampered('reports', `${verdict.requirementId} has a verdict in verdicts.json but none in ${name}`);
        agrees = false;
      } else if (reported.status !== verdict.status || reported.sentence !== verdict.sentence) {
        findings.tampered('reports', `${verdict.requirementId}: verdicts.json says ${verdict.status}, ${name} says ${reported.status}${reported.status === verdict.status ? ' with another sentence' : ''}`);
        agrees = false;
      }
      byId.delete(verdict.requirementId);
    }
    for (const id of byId.keys()) {
      findings.tampered('reports', `${id} has a verdict in ${name} but none in verdicts.json`);
      agrees = false;
    }
  }
  if (agrees) findings.ok('reports', `${name} agrees with the manifest and with verdicts.json`);
}
