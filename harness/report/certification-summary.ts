import { applyBaseline, type Baseline, type KnownFailure } from '../baseline/index.ts';
import { policyOverridesOf, type Policies } from '../policies/index.ts';
import { skippedContract, type WebhookContractOutcome } from '../run/pact-phase.ts';
import type { CertificationTimings, CandidateSummary } from '../run/run-certification.ts';
import type { Verdict, VerdictStatus } from '../../suites/checks/verdict.ts';
import { KIT } from './kit-version.ts';

/**
 * conformant (exit 0) · non-conformant (1: a new failure, a baselined failure that now passes, or a failed
 * interaction of the webhook contract) · kit-failed (3: a verdict the kit could not decide, or a webhook contract
 * it could not verify) · incomplete (130: interrupted before every flow ran).
 */
export type Decision = 'conformant' | 'non-conformant' | 'kit-failed' | 'incomplete';

export const VERDICT_STATUSES: readonly VerdictStatus[] = Object.freeze(['fail', 'error', 'warn', 'pass', 'not-applicable']);

export type StatusCounts = Readonly<Record<VerdictStatus, number>> & { readonly total: number };

export interface SummaryTimings extends CertificationTimings {
  /** Time spent writing each report file (or folder), by report name; filled in as reports are written. */
  readonly reportsMs: Readonly<Record<string, number>>;
}

/** summary.json: everything a CI job or a reviewer needs to know about one run, schema in docs/summary.schema.json. */
export interface CertificationSummary {
  readonly schemaVersion: 1;
  readonly kit: { readonly name: string; readonly version: string };
  readonly requirementSet: { readonly version: string; readonly digest: string };
  readonly candidate: {
    readonly kind: string;
    readonly label: string;
    readonly description: string;
    readonly imageId: string | null;
    readonly readyAfterMs: number | null;
  };
  readonly capabilities: readonly string[];
  readonly policies: {
    /** Every policy with the value this run certified against. */
    readonly inForce: Readonly<Record<string, string | number>>;
    /** The ones the config changed from the kit's defaults. */
    readonly overrides: Readonly<Record<string, string | number>>;
  };
  /** What `--only` asked for (empty: everything) and what the run therefore drove and judged. */
  readonly selection: { readonly only: readonly string[]; readonly flows: readonly string[]; readonly requirements: number };
  readonly baseline: {
    readonly file: string | null;
    /** Failures the baseline lists: reported with their reason, they do not fail the run. */
    readonly accepted: readonly KnownFailure[];
    /** Failures the baseline does not list: each fails the run. */
    readonly newFailures: readonly string[];
    /** Baselined requirements that now pass: the baseline is stale and fails the run until it is updated. */
    readonly stale: readonly KnownFailure[];
  };
  readonly decision: Decision;
  /** One sentence saying why the decision is what it is. */
  readonly reason: string;
  readonly counts: StatusCounts;
  readonly incomplete: boolean;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly timings: SummaryTimings;
  readonly verdicts: readonly Verdict[];
  /**
   * The webhook pact verified against the candidate, one result per interaction (policy webhook-contract-gate in
   * README: a failed interaction makes the run non-conformant on its own; interactions are not requirements of the set).
   */
  readonly contracts: WebhookContractOutcome;
}

export interface SummaryInput {
  readonly run: {
    readonly verdicts: readonly Verdict[];
    readonly candidate: CandidateSummary;
    readonly timings: CertificationTimings;
    readonly incomplete: boolean;
    /** Absent: the run had no pact phase (reported as skipped). */
    readonly contracts?: WebhookContractOutcome;
  };
  readonly requirementSet: { readonly version: string; readonly digest: string };
  readonly candidateKind: string;
  readonly capabilities: Iterable<string>;
  readonly policies: Policies;
  readonly baseline: Baseline | undefined;
  readonly selection: { readonly only: readonly string[]; readonly flows: readonly string[] };
  readonly startedAt: string;
  readonly finishedAt: string;
}

export function countStatuses(verdicts: readonly Verdict[]): StatusCounts {
  const counts: Record<VerdictStatus, number> = { pass: 0, fail: 0, warn: 0, 'not-applicable': 0, error: 0 };
  for (const verdict of verdicts) counts[verdict.status] += 1;
  return { ...counts, total: verdicts.length };
}

/** The decision rule, in the order a CI gate must read it: interrupted, then kit failure, then conformance. */
export function decide(
  counts: StatusCounts,
  outcome: CertificationSummary['baseline'],
  incomplete: boolean,
  contracts: WebhookContractOutcome = skippedContract('The webhook contract was not part of this run.'),
): { decision: Decision; reason: string } {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  if (incomplete) return { decision: 'incomplete', reason: 'The run was interrupted before every flow ran; its verdicts are partial.' };
  if (counts.error > 0) {
    return { decision: 'kit-failed', reason: `The kit could not decide ${plural(counts.error, 'requirement')} (status error); the candidate is not blamed for them.` };
  }
  if (contracts.status === 'error') return { decision: 'kit-failed', reason: contracts.reason };
  const problems: string[] = [];
  if (outcome.newFailures.length > 0) problems.push(`${plural(outcome.newFailures.length, 'failure')} not in the baseline`);
  if (outcome.stale.length > 0) problems.push(`${plural(outcome.stale.length, 'baselined requirement')} now passing (stale baseline)`);
  const failedInteractions = contracts.interactions.filter((interaction) => interaction.status === 'failed').length;
  if (failedInteractions > 0) problems.push(`${plural(failedInteractions, 'webhook contract interaction')} failed`);
  if (problems.length > 0) return { decision: 'non-conformant', reason: `Non-conformant: ${problems.join(' and ')}.` };
  const accepted = outcome.accepted.length > 0 ? ` (${plural(outcome.accepted.length, 'known failure')} accepted by the baseline)` : '';
  const contract = contracts.status === 'verified' ? ` and every interaction of the webhook contract verified (${contracts.interactions.length})` : '';
  return { decision: 'conformant', reason: `Conformant: no requirement failed${accepted}${contract}.` };
}

/** Builds summary.json's content from a finished (or interrupted) run. Pure: no clock, no files. */
export function buildSummary(input: SummaryInput): CertificationSummary {
  const { run } = input;
  const counts = countStatuses(run.verdicts);
  const outcome = applyBaseline(new Map(run.verdicts.map((verdict) => [verdict.requirementId, verdict.status])), input.baseline);
  const baseline = {
    file: input.baseline?.source ?? null,
    accepted: outcome.accepted,
    newFailures: outcome.newFailures,
    stale: outcome.stale,
  };
  const contracts = run.contracts ?? skippedContract('The webhook contract was not part of this run.');
  const { decision, reason } = decide(counts, baseline, run.incomplete, contracts);
  return {
    schemaVersion: 1,
    kit: { name: KIT.name, version: KIT.version },
    requirementSet: { version: input.requirementSet.version, digest: input.requirementSet.digest },
    candidate: {
      kind: input.candidateKind,
      label: run.candidate.label,
      description: run.candidate.description,
      imageId: run.candidate.imageId ?? null,
      readyAfterMs: run.candidate.readyAfterMs === undefined ? null : Math.round(run.candidate.readyAfterMs),
    },
    capabilities: [...input.capabilities].sort(),
    policies: { inForce: { ...input.policies }, overrides: { ...policyOverridesOf(input.policies) } },
    selection: { only: [...input.selection.only], flows: [...input.selection.flows], requirements: run.verdicts.length },
    baseline,
    decision,
    reason,
    counts,
    incomplete: run.incomplete,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    timings: { ...roundTimings(run.timings), reportsMs: {} },
    verdicts: run.verdicts,
    contracts,
  };
}

const round = (ms: number): number => Math.round(ms);

function roundTimings(timings: CertificationTimings): CertificationTimings {
  return {
    startupMs: round(timings.startupMs),
    simulatorStartMs: round(timings.simulatorStartMs),
    candidateStartMs: round(timings.candidateStartMs),
    flowsMs: Object.fromEntries(Object.entries(timings.flowsMs).map(([flow, ms]) => [flow, round(ms)])),
    stopMs: round(timings.stopMs),
    judgeMs: round(timings.judgeMs),
    totalMs: round(timings.totalMs),
  };
}

/** The verdicts in the order every report lists them: new failures first, then errors, warnings, passes, n/a. */
export function verdictsInReportOrder(summary: Pick<CertificationSummary, 'verdicts' | 'baseline'>): Verdict[] {
  const accepted = new Set(summary.baseline.accepted.map((entry) => entry.requirement));
  const rank = (verdict: Verdict): number => {
    if (verdict.status === 'fail') return accepted.has(verdict.requirementId) ? 1 : 0;
    return 1 + VERDICT_STATUSES.indexOf(verdict.status);
  };
  return summary.verdicts
    .map((verdict, index) => ({ verdict, index }))
    .sort((left, right) => rank(left.verdict) - rank(right.verdict) || left.index - right.index)
    .map(({ verdict }) => verdict);
}
