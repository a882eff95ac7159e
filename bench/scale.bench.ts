/**
 * Scale (issue 8): 100 bank accounts linked and 10,000 transactions per account — 1,000,000 transactions — pushed
 * into the simulated Banking Service through its real Provider API over loopback HTTP, as statements of the
 * largest documented batch (1,000 TransactionDetails: policy statement-batch-limit = 1000 [P-STMT] [G-POST]),
 * one statement in flight per account (R7) and a few accounts at a time. Each statement counts once the simulator
 * validated it against the provider-api spec, ran every rule and stored it (statement.completed). Reports the
 * onboarding time, the ingestion time and rate, and the process's peak RSS: the process holds the simulator
 * (traffic log included) and the scripted client, which keeps one statement body per lane, so the figure is the
 * simulator's plus a few MiB. Fails (exit 1) if a statement is refused or rejected, or a transaction is missing.
 * Run: `npx tsx bench/scale.bench.ts` (BENCH_SCALE_ACCOUNTS, BENCH_SCALE_TRANSACTIONS, BENCH_SCALE_LANES to tune).
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { resolvePolicies } from '../harness/policies/index.ts';
import { buildStatement } from '../harness/banking-service/test-support/statement-builder.ts';
import { startFixture, type Fixture } from '../harness/banking-service/test-support/simulator-fixture.ts';
import type { ScriptedAccount } from '../harness/banking-service/test-support/scripted-provider.ts';

const BATCH = 1000;
const ACCOUNTS = Number(process.env['BENCH_SCALE_ACCOUNTS'] ?? 100);
const TRANSACTIONS_PER_ACCOUNT = Number(process.env['BENCH_SCALE_TRANSACTIONS'] ?? 10_000);
const LANES = Number(process.env['BENCH_SCALE_LANES'] ?? 2);
const STATEMENTS_PER_ACCOUNT = Math.ceil(TRANSACTIONS_PER_ACCOUNT / BATCH);

const accounts: ScriptedAccount[] = Array.from({ length: ACCOUNTS }, (_, index) => ({
  bankAccountExternalId: `scale-${index}`,
  accountName: `Scale ${index}`,
  bankIdentifier: '9000',
  accountIdentifier: String(200_000 + index),
}));

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** One account's statements in order, each awaited to completion before the next (R7) [P-STMT]. */
async function pushAccount(fixture: Fixture, bankAccountId: string): Promise<void> {
  let ledger = 0;
  for (let sequence = 0; sequence < STATEMENTS_PER_ACCOUNT; sequence += 1) {
    const size = Math.min(BATCH, TRANSACTIONS_PER_ACCOUNT - sequence * BATCH);
    const transactions = Array.from({ length: size }, (_, index) => ({ amount: index % 2 === 0 ? 10.5 : -3.25, uniqueId: `${bankAccountId}-${sequence}-${index}` }));
    const sum = transactions.reduce((total, transaction) => total + transaction.amount, 0);
    const answer = await fixture.provider.postStatement(buildStatement({ bankAccountId, bankId: fixture.bankId, transactions, ledgerBalance: ledger + sum }));
    if (answer.status !== 201) throw new Error(`statement ${sequence} of ${bankAccountId} refused: ${answer.status} ${JSON.stringify(answer.body ?? null).slice(0, 300)}`);
    const settled = await fixture.settled((answer.body as { data: { _id: string } }).data._id);
    if (settled.type !== 'statement.completed') throw new Error(`statement ${sequence} of ${bankAccountId} rejected: ${JSON.stringify(settled).slice(0, 300)}`);
    ledger += sum;
  }
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(`Scale: ${ACCOUNTS} accounts × ${TRANSACTIONS_PER_ACCOUNT.toLocaleString('en-GB')} transactions, statements of ${BATCH}, ${LANES} accounts at a time`);
  console.log(`  machine      ${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
  const fixture = await startFixture({ policies: resolvePolicies({ 'statement-batch-limit': BATCH }), rateLimit: false, statementProcessingMs: 0, notifier: { timeoutMs: 5000 } }, accounts);
  try {
    const onboardStarted = performance.now();
    const ids: string[] = [];
    for (const account of accounts) ids.push(await fixture.onboard(account, '2024-01-01T00:00:00.000Z'));
    const onboardSeconds = (performance.now() - onboardStarted) / 1000;

    const started = performance.now();
    let next = 0;
    const lane = async (): Promise<void> => {
      for (let index = next++; index < ids.length; index = next++) await pushAccount(fixture, ids[index] as string);
    };
    await Promise.all(Array.from({ length: Math.max(1, LANES) }, lane));
    const seconds = (performance.now() - started) / 1000;

    const stored = fixture.simulator.state.transactionCount();
    const expected = ACCOUNTS * TRANSACTIONS_PER_ACCOUNT;
    global.gc?.();
    const memory = process.memoryUsage();
    console.log(`  onboarding   ${ACCOUNTS} accounts linked in ${onboardSeconds.toFixed(2)} s (notification, auth page, PATCH, account creation each)`);
    console.log(`  ingestion    ${(ACCOUNTS * STATEMENTS_PER_ACCOUNT).toLocaleString('en-GB')} statements, ${stored.toLocaleString('en-GB')} transactions stored in ${seconds.toFixed(1)} s — ${Math.round(stored / seconds).toLocaleString('en-GB')} transactions/s`);
    console.log(`  peak RSS     ${mib(process.resourceUsage().maxRSS * 1024)} (simulator with its traffic log and events, plus the scripted client); at the end rss ${mib(memory.rss)}, heap used ${mib(memory.heapUsed)}`);
    console.log(`  traffic log  ${fixture.simulator.traffic.all().length.toLocaleString('en-GB')} exchanges`);
    if (stored !== expected) throw new Error(`${stored} transactions stored, ${expected} expected`);
  } finally {
    await fixture.close();
  }
}

await main();
