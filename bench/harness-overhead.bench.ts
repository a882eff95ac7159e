/**
 * Harness overhead: how much longer a certification takes than the exchanges it consists of.
 *
 * It runs `bsck certify --reference-mode process --no-allure` once and reads its evidence/traffic.jsonl (every
 * exchange of the run, both directions, with its start time and duration). Definitions:
 *
 * - kit time: the run's wall time from the simulator starting to judging done (summary.json timings.totalMs),
 *   and the flows alone (the sum of timings.flowsMs);
 * - bare time: the exchanges played one after another with nothing between them, each taking what it took on
 *   the wire — the union of the exchanges' [start, start + duration) intervals. Exchanges nested in another (the
 *   connector's Provider API calls while a test-control hook or a notification is answered) count once. It is what
 *   a bare scripted client issuing exactly these requests in the same order, with no validation, recording,
 *   waiting or pacing of its own between them, would need with the peers answering as fast as they did here. A
 *   literal replay against a fresh simulator is not possible: each run's ids, tokens and signatures are fresh and
 *   the log holds them redacted. (Σ durationMs is printed too; it counts nested exchanges twice.)
 * - overhead ratio = kit time ÷ bare time (and the flows alone ÷ bare time).
 *
 * It prints where the rest goes: start-up, the candidate's own pauses (its pacing at 10 requests/s, statement
 * polls, Retry-After), and the kit's waits (quiet windows after a push). Fails when the run is not conformant.
 * Run: `npx tsx bench/harness-overhead.bench.ts`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CertificationSummary } from '../harness/report/index.ts';

const BSCK = fileURLToPath(new URL('../bin/bsck.js', import.meta.url));

interface Exchange {
  readonly from: string;
  readonly to: string;
  readonly startedAt: string;
  readonly durationMs: number;
}

function certify(out: string): Promise<{ wallMs: number; exitCode: number | null }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BSCK, 'certify', '--reference-mode', 'process', '--no-allure', '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ wallMs: performance.now() - started, exitCode }));
  });
}

/** The length of the union of [start, start + duration) intervals. */
export function busyMs(exchanges: readonly Exchange[]): number {
  const intervals = exchanges.map((exchange) => [Date.parse(exchange.startedAt), Date.parse(exchange.startedAt) + exchange.durationMs] as const).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let current: [number, number] | undefined;
  for (const [start, end] of intervals) {
    if (current && start <= current[1]) current[1] = Math.max(current[1], end);
    else {
      if (current) total += current[1] - current[0];
      current = [start, end];
    }
  }
  return total + (current ? current[1] - current[0] : 0);
}

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  console.log(`Harness overhead (reference connector as a process, no Allure); load average at start ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
  const dir = await mkdtemp(join(tmpdir(), 'bsck-bench-overhead-'));
  try {
    const { wallMs, exitCode } = await certify(dir);
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as CertificationSummary;
    if (exitCode !== 0 || summary.decision !== 'conformant') throw new Error(`certify was not conformant (exit ${exitCode}, decision ${summary.decision})`);
    const exchanges = (await readFile(join(dir, 'evidence', 'traffic.jsonl'), 'utf8')).split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Exchange);
    const summedMs = exchanges.reduce((sum, exchange) => sum + exchange.durationMs, 0);
    const bareMs = busyMs(exchanges);
    const { timings } = summary;
    const flowsMs = Object.values(timings.flowsMs).reduce((sum, ms) => sum + ms, 0);
    const byPair = new Map<string, { count: number; ms: number }>();
    for (const exchange of exchanges) {
      const key = `${exchange.from} → ${exchange.to}`;
      const entry = byPair.get(key) ?? { count: 0, ms: 0 };
      byPair.set(key, { count: entry.count + 1, ms: entry.ms + exchange.durationMs });
    }
    console.log(`  exchanges            ${exchanges.length} (${[...byPair].map(([pair, { count, ms }]) => `${pair}: ${count} in ${s(ms)}`).join('; ')})`);
    console.log(`  bare time            ${s(bareMs)}   union of the exchanges' intervals: the same exchanges back to back, nested ones once (Σ durationMs ${s(summedMs)})`);
    console.log(`  kit time             ${s(timings.totalMs)}   simulator start → judged (command wall ${s(wallMs)}, start-up ${s(timings.startupMs)})`);
    console.log(`  flows                ${s(flowsMs)}`);
    console.log(`  overhead ratio       ${(timings.totalMs / bareMs).toFixed(1)}× (kit time ÷ bare time); flows alone ${(flowsMs / bareMs).toFixed(1)}×; command wall ${(wallMs / bareMs).toFixed(1)}×`);
    console.log(`  idle in the flows    ${s(flowsMs - bareMs)}   no exchange in flight: the candidate's pacing, polls and Retry-After, the kit's quiet windows`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
