import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

/** A requirement the provider knows it fails, with the reason it gave: visible in every report, never silent. */
export interface KnownFailure {
  readonly requirement: string;
  readonly reason: string;
}

export interface Baseline {
  readonly source: string;
  readonly knownFailures: readonly KnownFailure[];
}

export class BaselineError extends Error {
  override readonly name = 'BaselineError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

/** Reads `knownFailures: [{requirement, reason}]`; unknown keys, blank reasons and duplicates are errors. */
export function readBaseline(file: string, knownRequirementIds: ReadonlySet<string>): Baseline {
  let value: unknown;
  try {
    value = parseYaml(readFileSync(file, 'utf8'), { uniqueKeys: true });
  } catch (error) {
    throw new BaselineError([`${file}: cannot read the baseline: ${(error as Error).message.split('\n')[0]}`]);
  }
  const problems: string[] = [];
  const entries: KnownFailure[] = [];
  const record = value as { knownFailures?: unknown } | null;
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    throw new BaselineError([`${file}: must be a mapping with a knownFailures list`]);
  }
  for (const key of Object.keys(record)) if (key !== 'knownFailures') problems.push(`${file}: ${key}: unknown key`);
  if (!Array.isArray(record.knownFailures)) problems.push(`${file}: knownFailures: must be a list`);
  const seen = new Set<string>();
  (Array.isArray(record.knownFailures) ? record.knownFailures : []).forEach((entry: unknown, index: number) => {
    const where = `${file}: knownFailures[${index}]`;
    const item = entry as Record<string, unknown> | null;
    if (item === null || typeof item !== 'object') {
      problems.push(`${where}: must be a mapping with requirement and reason`);
      return;
    }
    for (const key of Object.keys(item)) if (key !== 'requirement' && key !== 'reason') problems.push(`${where}.${key}: unknown key`);
    const { requirement, reason } = item;
    if (typeof requirement !== 'string' || !knownRequirementIds.has(requirement)) {
      problems.push(`${where}.requirement: ${JSON.stringify(requirement)} is not a requirement of this set`);
      return;
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      problems.push(`${where}.reason: a known failure needs a reason`);
      return;
    }
    if (seen.has(requirement)) problems.push(`${where}.requirement: ${requirement} is listed twice`);
    seen.add(requirement);
    entries.push({ requirement, reason: reason.trim() });
  });
  if (problems.length > 0) throw new BaselineError(problems);
  return { source: file, knownFailures: entries };
}

export type VerdictStatusForBaseline = 'pass' | 'fail' | 'warn' | 'not-applicable' | 'error';

export interface BaselineOutcome {
  /** Failures the baseline does not list: they fail the run. */
  readonly newFailures: readonly string[];
  /** Baselined requirements that now pass: the baseline is stale and fails the run until it is updated. */
  readonly stale: readonly KnownFailure[];
  /** Failures the baseline lists: reported with their reason, they do not fail the run. */
  readonly accepted: readonly KnownFailure[];
}

/**
 * Compares verdicts with the baseline. A baselined requirement that was not decided this run (error or not
 * applicable) is neither stale nor accepted: nothing was learnt about it.
 */
export function applyBaseline(verdicts: ReadonlyMap<string, VerdictStatusForBaseline>, baseline: Baseline | undefined): BaselineOutcome {
  const known = new Map((baseline?.knownFailures ?? []).map((entry) => [entry.requirement, entry]));
  const newFailures: string[] = [];
  const accepted: KnownFailure[] = [];
  const stale: KnownFailure[] = [];
  for (const [requirement, status] of verdicts) {
    const entry = known.get(requirement);
    if (status === 'fail') {
      if (entry) accepted.push(entry);
      else newFailures.push(requirement);
    } else if (entry && (status === 'pass' || status === 'warn')) {
      stale.push(entry);
    }
  }
  return { newFailures, stale, accepted };
}
