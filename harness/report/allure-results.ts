import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Vitest } from 'vitest/node';
import { KIT_ROOT } from './kit-version.ts';
import { stageExchangeAttachments } from './exchange-attachments.ts';
import { readReportedRun, REPORT_LOG_FLOW_ENV, REPORT_RUN_DIR_ENV, type RunDirectory } from './run-directory.ts';

export const REPORT_SUITES_DIR = join(KIT_ROOT, 'suites/report');
export const REPORT_VITEST_CONFIG = join(REPORT_SUITES_DIR, 'vitest.report.config.ts');

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

const discard = (): Writable => new Writable({ write: (_chunk, _encoding, done) => done() });

/**
 * Writes <out>/allure-results by running the report suites (suites/report/<flow>.suite.ts) with vitest's Node API:
 * forked workers, allure-vitest's setup and reporter (writing without fsync, allure-writer.ts), nothing on the console. The suites read summary.json and
 * the evidence from the run directory, named to them through BSCK_REPORT_RUN_DIR. A suite that does not load,
 * or a verdict without its test, is the kit's failure; a test failing is not (it is a failed verdict).
 */
export async function writeAllureResults(dir: RunDirectory, flows: readonly string[], options: { readonly signal?: AbortSignal } = {}): Promise<AllureResultsOutcome> {
  const started = performance.now();
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

  const [{ startVitest }, { default: UnsyncedAllureReporter }] = await Promise.all([import('vitest/node'), import('./allure-writer.ts')]);
  // vitest records failed tests in process.exitCode; here a failed test is a reported verdict, not this process's failure.
  const exitCodeBefore = process.exitCode;
  let vitest: Vitest | undefined;
  const cancel = () => void vitest?.cancelCurrentRun('keyboard-input');
  options.signal?.addEventListener('abort', cancel, { once: true });
  try {
    vitest = await startVitest(
      'test',
      files,
      {
        root: KIT_ROOT,
        config: REPORT_VITEST_CONFIG,
        watch: false,
        env: { [REPORT_RUN_DIR_ENV]: dir.root, [REPORT_LOG_FLOW_ENV]: flows[0] ?? '' },
        reporters: [new UnsyncedAllureReporter({ resultsDir: dir.allureResults })],
      },
      {},
      { stdout: discard(), stderr: discard() },
    );
    if (options.signal?.aborted) throw new ReportSuiteError('interrupted');
    const modules = vitest.state.getTestModules();
    const broken = modules.filter((module) => module.state() === 'failed' && module.errors().length > 0);
    const unhandled = vitest.state.getUnhandledErrors();
    if (broken.length > 0 || unhandled.length > 0) {
      const first = broken[0]?.errors()[0]?.message ?? String((unhandled[0] as Error | undefined)?.message ?? unhandled[0]);
      throw new ReportSuiteError(`the report suites did not run: ${first.split('\n')[0]}`);
    }
    const tests = modules.reduce((sum, module) => sum + [...module.children.allTests()].length, 0);
    const results = (await readdir(dir.allureResults).catch(() => [] as string[])).filter((name) => name.endsWith('-result.json')).length;
    return { tests, results, ms: performance.now() - started };
  } finally {
    options.signal?.removeEventListener('abort', cancel);
    await vitest?.close();
    process.exitCode = exitCodeBefore;
    await rm(dir.allureStaging, { recursive: true, force: true });
  }
}
