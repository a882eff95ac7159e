import type { CertificationSummary } from '../../report/index.ts';
import { verdictsInReportOrder, VERDICT_STATUSES } from '../../report/index.ts';
import type { Verdict } from '../../../suites/checks/verdict.ts';

const STATUS_WORDS: Readonly<Record<Verdict['status'], string>> = {
  pass: 'PASS',
  fail: 'FAIL',
  warn: 'WARN',
  'not-applicable': 'N/A',
  error: 'ERROR',
};

const DECISION_WORDS: Readonly<Record<CertificationSummary['decision'], string>> = {
  conformant: 'CONFORMANT',
  'non-conformant': 'NON-CONFORMANT',
  'kit-failed': 'THE KIT FAILED',
  incomplete: 'INCOMPLETE',
};

/** A progress line with the seconds since the run started: `[  2.1 s] flow onboarding: onboarding`. */
export const progressLine = (elapsedMs: number, line: string): string => `[${(elapsedMs / 1000).toFixed(1).padStart(5)} s] ${line}`;

/** `FAIL   ONB-01   Title — sentence`; a passing or not-applicable line stops at the title. */
export function requirementLine(verdict: Verdict, baselineReason: string | undefined): string {
  const word = verdict.status === 'fail' && baselineReason !== undefined ? 'FAIL*' : STATUS_WORDS[verdict.status];
  const head = `  ${word.padEnd(6)} ${verdict.requirementId.padEnd(9)} ${verdict.title}`;
  if (verdict.status === 'pass' || verdict.status === 'not-applicable') return head;
  const baselined = baselineReason === undefined ? '' : ` (baselined: ${baselineReason})`;
  return `${head} — ${verdict.sentence}${baselined}`;
}

/** One line per requirement, in set order, as judging finished. */
export function requirementLines(summary: CertificationSummary): string[] {
  const accepted = new Map(summary.baseline.accepted.map((entry) => [entry.requirement, entry.reason]));
  return summary.verdicts.map((verdict) => requirementLine(verdict, accepted.get(verdict.requirementId)));
}

/** The closing table repeats at most this many requirements; the lines above it and summary.md have them all. */
export const FINAL_TABLE_MAX_ROWS = 20;

/**
 * The closing table: the decision and its reason, counts by status, then every requirement that did not pass,
 * failures first, each with its sentence; stale baseline entries; where the reports are.
 */
export function finalTable(summary: CertificationSummary, reportFiles: readonly string[]): string[] {
  const { counts } = summary;
  const accepted = new Map(summary.baseline.accepted.map((entry) => [entry.requirement, entry.reason]));
  const width = Math.max(...VERDICT_STATUSES.map((status) => status.length), 'total'.length);
  const countRows = [...VERDICT_STATUSES.map((status) => [status, counts[status]] as const), ['total', counts.total] as const]
    .map(([status, count]) => `  ${status.padEnd(width)}  ${String(count).padStart(4)}`);
  const notPassing = verdictsInReportOrder(summary).filter((verdict) => verdict.status !== 'pass' && verdict.status !== 'not-applicable');
  return [
    '',
    `Result: ${DECISION_WORDS[summary.decision]} — ${summary.reason}`,
    '',
    `  ${'status'.padEnd(width)}  count`,
    ...countRows,
    ...(notPassing.length > 0
      ? [
        '',
        'Not passing (failures first):',
        ...notPassing.slice(0, FINAL_TABLE_MAX_ROWS).map((verdict) => requirementLine(verdict, accepted.get(verdict.requirementId))),
        ...(notPassing.length > FINAL_TABLE_MAX_ROWS ? [`  … and ${notPassing.length - FINAL_TABLE_MAX_ROWS} more (summary.md lists them all)`] : []),
      ]
      : []),
    ...(summary.baseline.stale.length > 0
      ? ['', 'Stale baseline entries (now passing; remove them from the baseline):', ...summary.baseline.stale.map((entry) => `  ${entry.requirement} — ${entry.reason}`)]
      : []),
    ...(summary.baseline.accepted.length > 0 ? ['', '* a known failure the baseline accepts'] : []),
    '',
    ...(reportFiles.length > 0 ? [`Reports: ${reportFiles.join(', ')}`] : []),
  ];
}
