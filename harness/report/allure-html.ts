import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { RunDirectory } from './run-directory.ts';
import { quote, WarmChild } from './warm-child.ts';

export const ALLURE_GENERATE_TIMEOUT_MS = 120_000;
const REPORT_NAME = 'Banking Service conformance';
const CHILD_SCRIPT = fileURLToPath(new URL('./allure-generator-child.mjs', import.meta.url));

export interface AllureHtmlOptions {
  readonly reportName?: string;
}

export interface GenerateOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

/**
 * An Allure HTML generator started ahead of its results: its process loads Allure's core and report plugins while
 * the flows run, and `generate` then only reads the results and writes the report (allure-generator-child.mjs).
 */
export interface AllureHtmlGenerator {
  /** Generates <out>/allure-report from <out>/allure-results, appending to the run folder's history. Once. */
  generate(options?: GenerateOptions): Promise<{ readonly ms: number }>;
  /** Stops the generator's process unless it already ended. */
  dispose(): void;
}

/**
 * The report's Allure config: one self-contained index.html, since a multi-file Allure report fetches its data and
 * shows a blank page when opened from disk (file://), which is how a provider opens a CI artifact; the history is
 * kept in the run folder between runs, so each test shows its trend.
 */
function allureReportConfig(dir: RunDirectory, reportName: string = REPORT_NAME): Record<string, unknown> {
  return {
    name: reportName,
    output: dir.allureReport,
    historyPath: dir.allureHistory,
    plugins: { awesome: { options: { reportName, singleFile: true, reportLanguage: 'en', groupBy: ['feature'] } } },
  };
}

/** Starts the generator's process now; call `generate` once the results are written, or `dispose`. */
export function startAllureHtmlGenerator(dir: RunDirectory, options: AllureHtmlOptions = {}): AllureHtmlGenerator {
  const child = new WarmChild(CHILD_SCRIPT, 'allure generate');
  child.tell({ type: 'prepare', config: allureReportConfig(dir, options.reportName), cwd: dir.root });
  let generated = false;
  return {
    async generate(generateOptions: GenerateOptions = {}) {
      // Before anything is removed: a second call must not take away the report of the first.
      if (generated) throw new Error('allure generate: this generator already ran');
      generated = true;
      const started = performance.now();
      if (!existsSync(dir.allureResults)) {
        child.dispose();
        throw new Error(`allure generate: no results folder ${dir.allureResults}`);
      }
      await rm(dir.allureReport, { recursive: true, force: true });
      const answer = await child.ask({ type: 'generate', resultsDir: dir.allureResults }, { timeoutMs: generateOptions.timeoutMs ?? ALLURE_GENERATE_TIMEOUT_MS, ...(generateOptions.signal ? { signal: generateOptions.signal } : {}) });
      if (answer['type'] !== 'done') throw new Error(`allure generate failed: ${quote(String(answer['message']))}`);
      return { ms: performance.now() - started };
    },
    dispose: () => child.dispose(),
  };
}

/** Starts a generator and generates at once: for a caller with nothing to overlap the start with. */
export async function generateAllureHtml(dir: RunDirectory, options: AllureHtmlOptions & GenerateOptions = {}): Promise<{ readonly ms: number }> {
  const generator = startAllureHtmlGenerator(dir, options);
  try {
    return await generator.generate(options);
  } finally {
    generator.dispose();
  }
}
