/**
 * `npm run bench`: runs every benchmark one after another (each in its own process, so one's memory and JIT state
 * do not colour the next), shows its output as it goes and writes BENCHMARKS.md at the repository root with the
 * machine, the command, the date and each benchmark's figures as it printed them. Exits 1 if any benchmark failed
 * (a certification that was not conformant, a statement refused, a target missed); BENCHMARKS.md is still written,
 * saying which failed. BENCH_ONLY=certify,scale runs a subset.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));

interface Bench {
  readonly id: string;
  readonly title: string;
  readonly file: string;
  readonly what: string;
}

const BENCHES: readonly Bench[] = [
  { id: 'certify', title: 'Full certification of the reference connector', file: 'bench/certify.bench.ts', what: '`bsck certify` as a user runs it, container and process, every report; breakdown from summary.json timings. Target ≤ 20 s (issue 5).' },
  { id: 'overhead', title: 'Harness overhead', file: 'bench/harness-overhead.bench.ts', what: 'kit time ÷ bare time, where bare time is the union of the run\'s recorded exchanges\' intervals (the same exchanges back to back, nested ones once, as a bare scripted client without validation, recording or waits would issue them); exact definitions in the file\'s header.' },
  { id: 'validate', title: 'Validator vs raw Ajv', file: 'bench/validate-statement.bench.ts', what: 'POST /v1/statements with 1,000 transactions validated by the spec loader and by raw Ajv on the same schema. Target loader ≤ 1.3× raw Ajv.' },
  { id: 'ingest', title: 'Simulator ingestion rate', file: 'bench/statement-ingestion.bench.ts', what: '1,000-transaction statements over loopback HTTP, validated, every rule, stored.' },
  { id: 'scale', title: 'Scale: 100 accounts × 10,000 transactions', file: 'bench/scale.bench.ts', what: '1,000,000 transactions through the real Provider API in statements of 1,000; time and peak RSS.' },
];

interface Outcome {
  readonly bench: Bench;
  readonly exitCode: number | null;
  readonly wallMs: number;
  readonly output: string;
  readonly loadAtStart: string;
}

const load = (): string => loadavg().map((value) => value.toFixed(2)).join(' ');

function run(bench: Bench): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const loadAtStart = load();
    const started = performance.now();
    const child = spawn(process.execPath, ['--expose-gc', TSX, bench.file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      const text = chunk.toString('utf8');
      // The error that failed a bench belongs in the record; npm's own warnings do not.
      if (!text.startsWith('npm warn')) output += text;
    });
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ bench, exitCode, wallMs: performance.now() - started, output: output.trimEnd(), loadAtStart }));
  });
}

function markdown(outcomes: readonly Outcome[], startedAt: Date, loadAtStart: string): string {
  const cpu = cpus();
  const failed = outcomes.filter((outcome) => outcome.exitCode !== 0);
  return [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run-all.ts); do not edit by hand. Each section is the benchmark\'s own output.',
    '',
    '| | |',
    '|---|---|',
    `| Date | ${startedAt.toISOString()} |`,
    `| Command | \`npm run bench\`${process.env['BENCH_ONLY'] ? ` (BENCH_ONLY=${process.env['BENCH_ONLY']})` : ''} |`,
    `| CPU | ${cpu[0]?.model ?? 'unknown'}, ${cpu.length} cores |`,
    `| RAM | ${(totalmem() / 2 ** 30).toFixed(1)} GiB |`,
    `| Node | ${process.version} on ${process.platform} ${process.arch} |`,
    `| Load average at start (1, 5, 15 min) | ${loadAtStart} |`,
    `| Outcome | ${failed.length === 0 ? 'every benchmark passed' : `FAILED: ${failed.map((outcome) => outcome.bench.id).join(', ')}`} |`,
    '',
    'The machine may be shared: the load average beside each benchmark says how busy it was when it started; figures',
    'taken under load are upper bounds.',
    '',
    ...outcomes.flatMap((outcome) => [
      `## ${outcome.bench.title}`,
      '',
      `${outcome.bench.what}`,
      '',
      `\`npx tsx ${outcome.bench.file}\` — ${(outcome.wallMs / 1000).toFixed(1)} s, exit ${outcome.exitCode}, load average at start ${outcome.loadAtStart}`,
      '',
      '```',
      outcome.output,
      '```',
      '',
    ]),
  ].join('\n');
}

async function main(): Promise<void> {
  const only = process.env['BENCH_ONLY']?.split(',').map((id) => id.trim()).filter((id) => id !== '');
  const unknown = only?.filter((id) => !BENCHES.some((bench) => bench.id === id)) ?? [];
  if (unknown.length > 0) {
    console.error(`bench: BENCH_ONLY names no benchmark ${unknown.join(', ')} (known: ${BENCHES.map((bench) => bench.id).join(', ')})`);
    process.exitCode = 2;
    return;
  }
  const selected = only ? BENCHES.filter((bench) => only.includes(bench.id)) : BENCHES;
  const startedAt = new Date();
  const loadAtStart = load();
  const outcomes: Outcome[] = [];
  for (const bench of selected) {
    console.log(`\n=== ${bench.title} (${bench.file}) — load average ${load()}`);
    outcomes.push(await run(bench));
  }
  await writeFile(new URL('../BENCHMARKS.md', import.meta.url), `${markdown(outcomes, startedAt, loadAtStart)}\n`);
  const failed = outcomes.filter((outcome) => outcome.exitCode !== 0);
  console.log(`\nwrote BENCHMARKS.md; ${failed.length === 0 ? 'every benchmark passed' : `FAILED: ${failed.map((outcome) => `${outcome.bench.id} (exit ${outcome.exitCode})`).join(', ')}`}`);
  if (failed.length > 0) process.exitCode = 1;
}

await main();
