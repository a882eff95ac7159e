import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CertificationRun } from '../../harness/run/run-certification.ts';
import type { Evidence } from './evidence.ts';
import type { Verdict } from './verdict.ts';
import type { MatrixRun } from './fault-matrix.ts';

/**
 * TEST SUPPORT for the detection matrix (fault-matrix.test.ts): certifies the reference connector with every flow,
 * as a process, once per run of the table, a few at a time (the runs mostly wait on the connector), each in a
 * process of its own (fault-matrix.child.ts), and renders what each run broke for the CI log.
 */
export interface MatrixResult {
  readonly run: MatrixOutcome;
  readonly wallMs: number;
}

/** What the matrix reads of a run: its verdicts and flow steps. */
export type MatrixOutcome = Pick<CertificationRun, 'verdicts'> & { readonly evidence: Pick<Evidence, 'steps'> };

const CHILD = fileURLToPath(new URL('./fault-matrix.child.ts', import.meta.url));
/** The slowest run (a connector that never answers a notification) waits out many step timeouts. */
const CHILD_TIMEOUT_MS = 300_000;

/** One run in its own Node process: its verdicts, or an error with the end of what the process said. */
async function runInChild(run: MatrixRun, dir: string, name: string): Promise<MatrixOutcome> {
  const resultFile = join(dir, `${name.replace(/[^a-z0-9-]+/gi, '_')}.json`);
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(run), resultFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve)).finally(() => clearTimeout(timer));
  if (code !== 0) throw new Error(`matrix run ${name} ended with ${code ?? 'a kill after ' + CHILD_TIMEOUT_MS + ' ms'}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`);
  return JSON.parse(await readFile(resultFile, 'utf8')) as MatrixOutcome;
}

/** Every run of `runs`, `concurrency` at a time, each with its wall time; the longest-expected runs go first. */
export async function runMatrix(runs: Readonly<Record<string, MatrixRun>>, concurrency: number): Promise<Map<string, MatrixResult>> {
  const queue = Object.entries(runs).sort(([, a], [, b]) => Number(b.slow ?? false) - Number(a.slow ?? false));
  const results = new Map<string, MatrixResult>();
  const dir = await mkdtemp(join(tmpdir(), 'bsck-fault-matrix-'));
  const lane = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const [name, { faults, simulator }] = next;
      const started = performance.now();
      const run = await runInChild({ faults, ...(simulator ? { simulator } : {}) }, dir, name);
      results.set(name, { run, wallMs: performance.now() - started });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}

/** Detected means fail (a MUST) or warn (a SHOULD); not applicable is neither. */
export const brokenIds = (run: MatrixOutcome): string[] =>
  run.verdicts.filter((verdict) => verdict.status === 'fail' || verdict.status === 'warn').map((verdict) => verdict.requirementId);

/** The status a broken requirement of this level must have. */
export const detectedStatus = (verdict: Verdict): 'fail' | 'warn' => (verdict.level === 'SHOULD' ? 'warn' : 'fail');

/** One line per verdict that did not pass and per step that did not end ok: a readable assertion message. */
export function explain(run: MatrixOutcome): string {
  const steps = run.evidence.steps.filter((step) => step.status === 'candidate-failed' || step.status === 'kit-error').map((step) => `  step ${step.flow}/${step.step} ${step.status}: ${step.message}`);
  const verdicts = run.verdicts.filter((verdict) => verdict.status !== 'pass').map((verdict) => `  ${verdict.requirementId} ${verdict.status}: ${verdict.sentence}`);
  return ['', ...steps, ...verdicts].join('\n');
}

/** Recall and precision of one run against its expected set, as fractions (1 when both sets are empty). */
export function scores(expected: ReadonlySet<string>, observed: ReadonlySet<string>): { readonly recall: number; readonly precision: number } {
  const hits = [...observed].filter((id) => expected.has(id)).length;
  return { recall: expected.size === 0 ? 1 : hits / expected.size, precision: observed.size === 0 ? (expected.size === 0 ? 1 : 0) : hits / observed.size };
}

/**
 * The matrix for the CI log: one row per run (wall time, what it broke: the requirements it targets in capitals of
 * their id, the cascade after them), one row per requirement (the faults that break it), and the totals.
 */
export function renderMatrix(rows: readonly { readonly name: string; readonly wallMs: number; readonly targets: readonly string[]; readonly cascade: readonly string[]; readonly recall: number; readonly precision: number }[], requirementIds: readonly string[]): string {
  const width = Math.max(...rows.map((row) => row.name.length));
  const percent = (value: number) => `${Math.round(value * 1000) / 10}%`;
  const lines = ['Detection matrix: fault → requirements it breaks (targets; + cascade)', ''];
  for (const row of rows) {
    const cascade = row.cascade.length === 0 ? '' : ` + ${row.cascade.length > 12 ? `${row.cascade.length} requirements` : row.cascade.join(' ')}`;
    lines.push(`${row.name.padEnd(width)} ${`${(row.wallMs / 1000).toFixed(1)} s`.padStart(7)}  ${row.targets.join(' ') || '(none)'}${cascade}`);
  }
  lines.push('', 'Requirement → faults that target it');
  for (const id of requirementIds) {
    const by = rows.filter((row) => row.targets.includes(id)).map((row) => row.name);
    lines.push(`${id.padEnd(9)} ${by.join(', ') || '(none)'}`);
  }
  const recall = rows.reduce((sum, row) => sum + row.recall, 0) / Math.max(1, rows.length);
  const precision = rows.reduce((sum, row) => sum + row.precision, 0) / Math.max(1, rows.length);
  const slowest = [...rows].sort((a, b) => b.wallMs - a.wallMs).slice(0, 5).map((row) => `${row.name} ${(row.wallMs / 1000).toFixed(1)} s`);
  lines.push('', `${rows.length} runs · recall ${percent(recall)} · precision ${percent(precision)} · slowest: ${slowest.join(', ')}`);
  return lines.join('\n');
}
