import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RunDirectory } from './run-directory.ts';

/**
 * The Allure 3 command line (`allure generate`), found from the installed package: its programmatic core is an
 * internal package, so the CLI is the supported entry point. It runs in a child process because it calls
 * process.exit on errors.
 */
export function allureCliPath(): string {
  const main = createRequire(import.meta.url).resolve('allure');
  return join(dirname(main), '..', 'cli.js');
}

export const ALLURE_GENERATE_TIMEOUT_MS = 120_000;

export interface AllureHtmlOptions {
  readonly reportName?: string;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

/**
 * Generates the static HTML report offline from <out>/allure-results into <out>/allure-report, appending to the
 * history file in the run directory (kept between runs in the same --out, so each test shows its trend).
 */
export async function generateAllureHtml(dir: RunDirectory, options: AllureHtmlOptions = {}): Promise<{ readonly ms: number }> {
  const started = performance.now();
  // Beside the results rather than in a temporary folder: nothing is left in /tmp if the process is killed here.
  const configFile = join(dir.root, '.allurerc.json');
  try {
    // One self-contained index.html: a multi-file Allure report fetches its data and shows a blank page when opened
    // from disk (file://), which is how a provider opens a CI artifact.
    await writeFile(configFile, JSON.stringify({
      name: options.reportName ?? 'Banking Service conformance',
      output: dir.allureReport,
      historyPath: dir.allureHistory,
      plugins: { awesome: { options: { reportName: options.reportName ?? 'Banking Service conformance', singleFile: true, reportLanguage: 'en', groupBy: ['feature'] } } },
    }));
    await rm(dir.allureReport, { recursive: true, force: true });
    await runAllure(['generate', dir.allureResults, '--output', dir.allureReport, '--config', configFile, '--cwd', dir.root], options);
    return { ms: performance.now() - started };
  } finally {
    await rm(configFile, { force: true });
  }
}

function runAllure(args: readonly string[], options: AllureHtmlOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [allureCliPath(), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-8_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const stop = () => child.kill('SIGTERM');
    const timer = setTimeout(stop, options.timeoutMs ?? ALLURE_GENERATE_TIMEOUT_MS);
    options.signal?.addEventListener('abort', stop, { once: true });
    const finish = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', stop);
    };
    child.on('error', (error) => {
      finish();
      reject(error);
    });
    child.on('close', (code, signal) => {
      finish();
      if (code === 0) return resolve();
      const last = output.trim().split('\n').filter((line) => line.trim() !== '').slice(-1)[0] ?? '';
      reject(new Error(`allure generate ${signal ? `was stopped (${signal})` : `exited with ${code}`}${last ? `: ${last.trim()}` : ''}`));
    });
  });
}
