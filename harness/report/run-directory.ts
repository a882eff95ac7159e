import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ExchangeRecord } from '../traffic/index.ts';
import type { CertificationSummary } from './certification-summary.ts';

/**
 * The layout of a certification's output folder (`--out`, default reports/). Every writer and the Allure suites
 * find their files through this, never by spelling a path.
 */
export interface RunDirectory {
  readonly root: string;
  readonly verdictsJson: string;
  readonly summaryJson: string;
  readonly summaryMd: string;
  readonly junitXml: string;
  /** What the run recorded: traffic.jsonl, events.jsonl, steps.jsonl, candidate.log. */
  readonly evidence: string;
  readonly trafficJsonl: string;
  readonly eventsJsonl: string;
  readonly stepsJsonl: string;
  readonly candidateLog: string;
  readonly allureResults: string;
  /** Exchange attachments written once for the report suites; removed when the results are written. */
  readonly allureStaging: string;
  readonly allureReport: string;
  /** Allure's history: kept between runs in the same folder so the report shows each test's trend. */
  readonly allureHistory: string;
}

/** How the Allure report suites (suites/report/) are told which run directory to report: an environment variable. */
export const REPORT_RUN_DIR_ENV = 'BSCK_REPORT_RUN_DIR';
/** Which flow's suite attaches the candidate log to the report as a whole (once, not per worker). */
export const REPORT_LOG_FLOW_ENV = 'BSCK_REPORT_LOG_FLOW';

export function runDirectory(root: string): RunDirectory {
  const dir = resolve(root);
  const evidence = join(dir, 'evidence');
  return {
    root: dir,
    verdictsJson: join(dir, 'verdicts.json'),
    summaryJson: join(dir, 'summary.json'),
    summaryMd: join(dir, 'summary.md'),
    junitXml: join(dir, 'junit.xml'),
    evidence,
    trafficJsonl: join(evidence, 'traffic.jsonl'),
    eventsJsonl: join(evidence, 'events.jsonl'),
    stepsJsonl: join(evidence, 'steps.jsonl'),
    candidateLog: join(evidence, 'candidate.log'),
    allureResults: join(dir, 'allure-results'),
    allureStaging: join(dir, 'allure-staging'),
    allureReport: join(dir, 'allure-report'),
    allureHistory: join(dir, 'allure-history.jsonl'),
  };
}

/** Why a path cannot be an output folder, or undefined when it can (a writable folder, or one that can be created). */
export function outputFolderProblem(root: string): string | undefined {
  const dir = resolve(root);
  // The nearest part of the path that exists must be a writable folder, or the folder cannot be created or used.
  // Nothing is created here: pre-flight runs before anything starts, and may still refuse the run.
  let path = dir;
  while (!existsSync(path) && dirname(path) !== path) path = dirname(path);
  if (!statSync(path).isDirectory()) return `${path} is a file, not a folder; choose another --out`;
  try {
    accessSync(path, constants.W_OK);
  } catch (error) {
    return `cannot write to ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); choose another --out`;
  }
  return undefined;
}

/**
 * Creates the folder and removes what a previous run left in it, so no report can be mistaken for this run's:
 * only the kit's own file names are touched, and the Allure history is kept.
 */
export async function prepareRunDirectory(root: string): Promise<RunDirectory> {
  const dir = runDirectory(root);
  await mkdir(dir.root, { recursive: true });
  await Promise.all(
    [dir.verdictsJson, dir.summaryJson, dir.summaryMd, dir.junitXml, dir.evidence, dir.allureResults, dir.allureStaging].map((path) => rm(path, { recursive: true, force: true })),
  );
  await mkdir(dir.evidence, { recursive: true });
  return dir;
}

/** What the Allure suites read back from a written run directory. */
export interface ReportedRun {
  readonly summary: CertificationSummary;
  readonly exchanges: ReadonlyMap<string, ExchangeRecord>;
  readonly candidateLog: string;
}

export function readReportedRun(root: string): ReportedRun {
  const dir = runDirectory(root);
  const summary = JSON.parse(readFileSync(dir.summaryJson, 'utf8')) as CertificationSummary;
  const exchanges = new Map<string, ExchangeRecord>();
  if (existsSync(dir.trafficJsonl)) {
    for (const line of readFileSync(dir.trafficJsonl, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const record = JSON.parse(line) as ExchangeRecord;
      exchanges.set(record.id, record);
    }
  }
  const candidateLog = existsSync(dir.candidateLog) ? readFileSync(dir.candidateLog, 'utf8') : '';
  return { summary, exchanges, candidateLog };
}
