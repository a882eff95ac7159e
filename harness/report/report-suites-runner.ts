import { fileURLToPath } from 'node:url';
import { WarmChild } from './warm-child.ts';

const CHILD_SCRIPT = fileURLToPath(new URL('./report-suites-child.mjs', import.meta.url));
/** The report suites replay verdicts already decided: minutes would mean they hang. */
const REPORT_SUITES_TIMEOUT_MS = 300_000;

/** The vitest options of one run of the report suites (JSON-safe: they cross a process boundary). */
export interface ReportSuitesRun {
  readonly files: readonly string[];
  readonly options: {
    readonly root: string;
    readonly config: string;
    readonly env: Readonly<Record<string, string>>;
    /** [module path, options]: vitest loads the reporter in the child. */
    readonly reporters: readonly (readonly [string, Readonly<Record<string, unknown>>])[];
  };
}

export interface ReportSuitesOutcome {
  /** Tests the suites ran. */
  readonly tests: number;
  /** Why the suites did not run (a suite that did not load, an unhandled error), or undefined. */
  readonly problem: string | undefined;
}

/**
 * The report suites' vitest run, in a process started ahead of it (report-suites-child.mjs): vitest's Node API
 * loads there, on the other core, while the flows still run here.
 */
export interface ReportSuitesRunner {
  run(run: ReportSuitesRun, options?: { readonly signal?: AbortSignal }): Promise<ReportSuitesOutcome>;
  dispose(): void;
}

export function startReportSuitesRunner(): ReportSuitesRunner {
  const child = new WarmChild(CHILD_SCRIPT, "the report suites' vitest run");
  return {
    async run(run, options = {}) {
      const answer = await child.ask({ type: 'run', ...run }, { timeoutMs: REPORT_SUITES_TIMEOUT_MS, ...(options.signal ? { signal: options.signal } : {}) });
      if (answer['type'] !== 'done') throw new Error(`the report suites did not run: ${String(answer['message'])}`);
      const problem = answer['problem'];
      return { tests: Number(answer['tests'] ?? 0), problem: typeof problem === 'string' ? problem : undefined };
    },
    dispose: () => child.dispose(),
  };
}
