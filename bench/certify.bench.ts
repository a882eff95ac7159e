/**
 * Wall time of a full certification of the reference connector, as a user runs it (`node bin/bsck.js certify`,
 * every requirement, every report), in a container and as a process, broken down from the run's summary.json:
 * boot + pre-flight, simulator start, candidate start, each flow, stopping, judging, each report.
 * Target (issue 5): ≤ 20 s on a 2-core machine including the container start.
 * Fails (exit 1) when a certification is not conformant.
 * Run: `npm run bench:certify` (BENCH_ROUNDS=3 for more rounds; BENCH_MODES=process to skip the container).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { probeDockerEngine } from '../harness/docker/docker-engine.ts';
import type { CertificationSummary } from '../harness/report/index.ts';

const BSCK = fileURLToPath(new URL('../bin/bsck.js', import.meta.url));
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 1);
const MODES = (process.env['BENCH_MODES'] ?? 'container,process').split(',').filter((mode) => mode === 'container' || mode === 'process');
const TARGET_MS = 20_000;

interface Round {
  readonly mode: string;
  readonly wallMs: number;
  readonly exitCode: number | null;
  readonly summary: CertificationSummary;
}

function certify(mode: string, out: string): Promise<{ wallMs: number; exitCode: number | null }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BSCK, 'certify', '--reference-mode', mode, '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ wallMs: performance.now() - started, exitCode }));
  });
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2).padStart(6)} s`;
const sum = (values: Iterable<number>): number => [...values].reduce((total, value) => total + value, 0);

function breakdown(round: Round): string[] {
  const { timings } = round.summary;
  const reportsMs = sum(Object.values(timings.reportsMs));
  const bootMs = round.wallMs - timings.totalMs - reportsMs;
  return [
    `${round.mode}: ${seconds(round.wallMs)} wall, exit ${round.exitCode} (${round.summary.decision}: ${round.summary.counts.pass} pass, ${round.summary.counts.fail} fail, ${round.summary.counts.error} error of ${round.summary.counts.total})`,
    `  boot, pre-flight, bundle  ${seconds(bootMs)}   (node + tsx, config, requirement set; submission bundle and secret scan: the rest of the wall time)`,
    `  simulator start           ${seconds(timings.simulatorStartMs)}`,
    `  candidate start           ${seconds(timings.candidateStartMs)}   (${round.summary.candidate.label}, ready after ${round.summary.candidate.readyAfterMs ?? '—'} ms)`,
    ...Object.entries(timings.flowsMs).map(([flow, ms]) => `  flow ${flow.padEnd(21)}${seconds(ms)}`),
    `  webhook contract (Pact)   ${seconds(round.summary.contracts.ms)}   (${round.summary.contracts.status})`,
    `  stop candidate + simulator${seconds(timings.stopMs)}`,
    `  judge                     ${seconds(timings.judgeMs)}`,
    ...Object.entries(timings.reportsMs).map(([report, ms]) => `  report ${report.padEnd(19)}${seconds(ms)}`),
    `  reports (all)             ${seconds(reportsMs)}`,
  ];
}

async function main(): Promise<void> {
  const cpu = cpus();
  const engine = await probeDockerEngine(2_000);
  console.log(`machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ` +
    `load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}, Docker ${engine.available ? engine.version : `unavailable (${engine.reason})`}`);
  const modes = MODES.filter((mode) => mode === 'process' || engine.available);
  if (modes.length < MODES.length) console.log('container mode skipped: no Docker engine answers');
  const dir = await mkdtemp(join(tmpdir(), 'bsck-bench-certify-'));
  const rounds: Round[] = [];
  try {
    for (let index = 0; index < ROUNDS; index += 1) {
      for (const mode of modes) {
        const out = join(dir, `${mode}-${index}`);
        const { wallMs, exitCode } = await certify(mode, out);
        const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as CertificationSummary;
        const round = { mode, wallMs, exitCode, summary };
        rounds.push(round);
        console.log(['', ...breakdown(round)].join('\n'));
        // A benchmark of a certification that did not pass measures something else: fail loudly.
        if (exitCode !== 0 || summary.decision !== 'conformant') {
          throw new Error(`certify --reference-mode ${mode} was not conformant (exit ${exitCode}, decision ${summary.decision}); the figures above are not a benchmark`);
        }
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log('');
  for (const mode of modes) {
    const walls = rounds.filter((round) => round.mode === mode).map((round) => round.wallMs).sort((left, right) => left - right);
    const median = walls[Math.floor(walls.length / 2)] ?? 0;
    console.log(`${mode}: median wall ${seconds(median)} over ${walls.length} round(s) — target ≤ ${TARGET_MS / 1000} s — ${median <= TARGET_MS ? 'met' : 'NOT met'}`);
  }
}

await main();
