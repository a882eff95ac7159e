import { writeFile } from 'node:fs/promises';
import { generateAllureHtml, type AllureHtmlGenerator } from './allure-html.ts';
import { writeAllureResults } from './allure-results.ts';
import type { ReportSuitesRunner } from './report-suites-runner.ts';
import type { CertificationSummary } from './certification-summary.ts';
import { CONTRACT_SUITE, writeJunitXml } from './junit-xml.ts';
import type { RunDirectory } from './run-directory.ts';
import { writeSummaryJson } from './summary-json.ts';
import { writeSummaryMarkdown } from './summary-md.ts';
import { writeVerdictsJson } from './verdicts-json.ts';

export interface WriteReportsInput {
  readonly dir: RunDirectory;
  readonly summary: CertificationSummary;
  readonly candidateLog: string;
  /** Whether to produce the Allure results and HTML (seconds, not milliseconds): skipped on an interrupted run. */
  readonly allure: boolean;
  /** Started earlier (their processes already loaded vitest and Allure), used instead of starting them now. */
  readonly reportSuites?: ReportSuitesRunner;
  readonly allureHtml?: AllureHtmlGenerator;
  readonly signal?: AbortSignal;
  /** Called as each report is written, for live progress. */
  readonly onReport?: (name: string, ms: number) => void;
}

export interface WrittenReports {
  /** The summary as written last, with reportsMs filled in. */
  readonly summary: CertificationSummary;
  readonly reportsMs: Readonly<Record<string, number>>;
  /** Reports that could not be written, with why; the others were still written. */
  readonly failures: readonly { readonly report: string; readonly message: string }[];
}

/**
 * Writes every report of a run, cheapest and most needed first, so that whatever fails or is interrupted later
 * the CI-facing files exist: candidate.log, verdicts.json, summary.json, summary.md, junit.xml, then the Allure
 * results and HTML. summary.json is written again at the end with the time each report took.
 */
export async function writeReports(input: WriteReportsInput): Promise<WrittenReports> {
  const { dir } = input;
  const reportsMs: Record<string, number> = {};
  const failures: { report: string; message: string }[] = [];
  const timed = async (report: string, write: () => Promise<unknown>): Promise<boolean> => {
    const started = performance.now();
    try {
      await write();
    } catch (error) {
      failures.push({ report, message: (error as Error).message.split('\n')[0] ?? String(error) });
      return false;
    }
    reportsMs[report] = Math.round(performance.now() - started);
    input.onReport?.(report, reportsMs[report]);
    return true;
  };
  const withTimes = (): CertificationSummary => ({ ...input.summary, timings: { ...input.summary.timings, reportsMs: { ...reportsMs } } });

  await timed('candidate.log', () => writeFile(dir.candidateLog, input.candidateLog));
  await timed('verdicts.json', () => writeVerdictsJson(dir.verdictsJson, input.summary.verdicts));
  await timed('summary.json', () => writeSummaryJson(dir.summaryJson, withTimes()));
  await timed('summary.md', () => writeSummaryMarkdown(dir.summaryMd, input.summary));
  await timed('junit.xml', () => writeJunitXml(dir.junitXml, input.summary));
  // One report suite per flow judged, and the webhook contract's when it has interactions (suites/report/).
  const contract = input.summary.contracts.interactions.length > 0 ? [CONTRACT_SUITE] : [];
  const flows = [...new Set(input.summary.verdicts.map((verdict) => verdict.flow)), ...contract];
  if (input.allure && flows.length > 0 && !input.signal?.aborted) {
    const signal = input.signal ? { signal: input.signal } : {};
    const results = await timed('allure-results', () => writeAllureResults(dir, flows, { ...signal, ...(input.reportSuites ? { runner: input.reportSuites } : {}) }));
    if (results && !input.signal?.aborted) await timed('allure-report', () => (input.allureHtml ? input.allureHtml.generate(signal) : generateAllureHtml(dir, signal)));
  }
  const summary = withTimes();
  await writeSummaryJson(dir.summaryJson, summary).catch((error: unknown) => {
    failures.push({ report: 'summary.json', message: (error as Error).message });
  });
  return { summary, reportsMs, failures };
}
