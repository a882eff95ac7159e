import type { BundleManifest } from '../bundle/manifest.ts';
import type { Check } from '../../suites/checks/check.ts';
import type { Evidence } from '../../suites/checks/evidence.ts';
import { judge, undecidedByInterruption } from '../../suites/checks/judge.ts';
import type { Verdict } from '../../suites/checks/verdict.ts';
import type { Capability, LoadedRequirementSet, Requirement } from '../../suites/requirements/index.ts';
import type { Policies } from '../policies/index.ts';
import { shown, type Findings } from './review-finding.ts';

export interface RecomputeInput {
  readonly recorded: readonly Verdict[];
  readonly evidence: Evidence;
  readonly requirementSet: LoadedRequirementSet;
  readonly capabilities: ReadonlySet<Capability>;
  readonly policies: Policies;
  readonly run: BundleManifest['run'];
  readonly checks: Readonly<Record<string, Check>>;
  /** The bundle came from another kit release: say so next to every difference. */
  readonly otherKit: boolean;
}

const VERDICT_FIELDS: readonly (keyof Verdict)[] = ['requirementId', 'level', 'flow', 'title', 'status', 'sentence', 'exchanges', 'events', 'evidence', 'policies', 'hint'];

const same = (left: unknown, right: unknown): boolean => JSON.stringify(left) === JSON.stringify(right);

function describeDifference(recorded: Verdict, recomputed: Verdict): string | undefined {
  const fields = VERDICT_FIELDS.filter((field) => !same(recorded[field], recomputed[field]));
  const extra = Object.keys(recorded).filter((key) => !(VERDICT_FIELDS as readonly string[]).includes(key));
  if (fields.length === 0 && extra.length === 0) return undefined;
  const id = recomputed.requirementId;
  if (fields.includes('status')) {
    return `${id}: verdicts.json says ${shown(recorded.status)}, re-computed from the evidence: ${shown(recomputed.status)} — ${recomputed.sentence}`;
  }
  const parts = fields.map((field) => `${field} (verdicts.json ${shown(recorded[field], 70)}, re-computed ${shown(recomputed[field], 70)})`);
  if (extra.length > 0) parts.push(`fields the kit never writes: ${extra.join(', ')}`);
  return `${id}: status ${recomputed.status} agrees, but ${parts.join('; ')} differ`;
}

/**
 * Re-judges every requirement verdicts.json lists, from the bundled evidence with this kit's checks, and compares
 * verdict by verdict: any difference means the verdicts do not follow from the evidence. Returns the re-computed
 * verdicts (the ones the decision rests on).
 */
export function recomputeVerdicts(input: RecomputeInput, findings: Findings): Verdict[] {
  const byId = new Map<string, Requirement>(input.requirementSet.requirements.map((requirement) => [requirement.id, requirement]));
  const unknown = input.recorded.filter((verdict) => !byId.has(verdict.requirementId)).map((verdict) => verdict.requirementId);
  if (unknown.length > 0) {
    findings.tampered('re-computation', `verdicts.json has verdicts for ${unknown.join(', ')}, which requirement set ${input.requirementSet.version} does not contain`);
  }
  const ids = [...new Set(input.recorded.map((verdict) => verdict.requirementId))].filter((id) => byId.has(id));
  const requirements = ids.map((id) => byId.get(id) as Requirement);
  const judged = judge(input.evidence, requirements, { capabilities: input.capabilities, policies: input.policies, checks: input.checks });
  const recomputed = input.run.incomplete ? judged.map((verdict) => undecidedByInterruption(verdict, input.run.completedFlows)) : judged;

  const recordedById = new Map(input.recorded.map((verdict) => [verdict.requirementId, verdict]));
  let differences = 0;
  for (const verdict of recomputed) {
    const recorded = recordedById.get(verdict.requirementId);
    const difference = recorded === undefined ? undefined : describeDifference(recorded, verdict);
    if (difference === undefined) continue;
    differences += 1;
    findings.tampered('re-computation', `${difference}${input.otherKit ? ' (the bundle is from another kit release: its checks may differ)' : ''}`);
  }
  if (differences === 0 && recomputed.length > 0) {
    findings.ok('re-computation', `all ${recomputed.length} verdicts re-computed from the bundled evidence with this kit's checks match verdicts.json`);
  }
  return recomputed;
}
