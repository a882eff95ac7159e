import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KIT_ROOT } from './kit-version.ts';
import { stageExchangeAttachments } from './exchange-attachments.ts';
import { startReportSuitesRunner, type ReportSuitesRunner } from './report-suites-runner.ts';
import { readReportedRun, REPORT_LOG_FLOW_ENV, REPORT_RUN_DIR_ENV, type RunDirectory } from './run-directory.ts';

export const REPORT_SUITES_DIR = join(KIT_ROOT, 'suites/report');
export const REPORT_VITEST_CONFIG = join(REPORT_SUITES_DIR, 'vitest.report.config.ts');
/** allure-vitest's reporter writing without fsync, loaded by vitest in the runner's process. */
const ALLURE_REPORTER = fileURLToPath(new URL('./allure-writer.ts', import.meta.url));

export interface AllureResultsOutcome {
  /** Tests the suites ran (one per verdict of the reported flows). */
  readonly tests: number;
  /** Result files written into allure-results. */
  readonly results: number;
  readonly ms: number;
}

export class ReportSuiteError extends Error {
  override readonly name = 'ReportSuiteError';
}

/**
 * Writes <out>/allure-results by running the report suites (suites/report/<flow>.suite.ts) with vitest's Node API in
 * a process of its own (report-suites-runner.ts, given one started ahead or starting one now): forked workers,
 * allure-vitest's setup and reporter (writing without fsync, allure-writer.ts), nothing on the console. The suites
 * read summary.json and the evidence from the run directory, named to them through BSCK_REPORT_RUN_DIR. A suite that
 * does not load, or a verdict without its test, is the kit's failure; a test failing is not (it is a failed verdict).
 */
export async function writeAllureResults(dir: RunDirectory, flows: readonly string[], options: { readonly signal?: AbortSignal; readonly runner?: ReportSuitesRunner } = {}): Promise<AllureResultsOutcome> {
  const started = performance.now();
  const runner = options.runner ?? startReportSuitesRunner();
  try {
    await rm(dir.allureResults, { recursive: true, force: true });
    // vitest given no file runs every suite: say no before that can happen.
    if (flows.length === 0) throw new ReportSuiteError('no flow to report');
    const files = flows.map((flow) => join(REPORT_SUITES_DIR, `${flow}.suite.ts`));
    const missing = files.filter((file) => !existsSync(file));
    if (missing.length > 0) throw new ReportSuiteError(`no report suite ${missing.join(', ')}`);

    let run: ReturnType<typeof readReportedRun>;
    try {
      run = readReportedRun(dir.root);
    } catch (error) {
      throw new ReportSuiteError(`the report suites cannot read the run in ${dir.root}: ${(error as Error).message.split('\n')[0]}`);
    }
    await stageExchangeAttachments(dir.allureStaging, run.exchanges, run.summary.verdicts.flatMap((verdict) => verdict.exchanges));
    const outcome = await runner.run({
      files,
      options: {
        root: KIT_ROOT,
        config: REPORT_VITEST_CONFIG,
        env: { [REPORT_RUN_DIR_ENV]: dir.root, [REPORT_LOG_FLOW_ENV]: flows[0] ?? '' },
        reporters: [[ALLURE_REPORTER, { resultsDir: dir.allureResults }]],
      },
    }, options.signal ? { signal: options.signal } : {}).catch((error: unknown) => {
      throw new ReportSuiteError(options.signal?.aborted ? 'interrupted' : (error as Error).message);
    });
    if (outcome.problem !== undefined) throw new ReportSuiteError(`the report suites did not run: ${outcome.problem}`);
    const results = (await readdir(dir.allureResults).catch(() => [] as string[])).filter((name) => name.endsWith('-result.json')).length;
    return { tests: outcome.tests, results, ms: performance.now() - started };
  } finally {
    runner.dispose();
    await rm(dir.allureStaging, { recursive: true, force: true });
  }
}
