/**
 * Statement ingestion of the simulated Banking Service, end to end over loopback HTTP: a scripted provider POSTs
 * 1,000-transaction statements (policy statement-batch-limit = 1000) and each counts once the simulator has
 * validated it against the provider-api spec, run every rule and stored its transactions (statement.completed).
 * Reports statements/second and the process's peak RSS once 100,000 transactions are stored. The process holds
 * both sides (the client building bodies and the simulator, its traffic log included), so RSS is an upper bound
 * for the simulator alone. Run: `npm run bench:ingest` (BENCH_ACCOUNTS, BENCH_STATEMENTS_PER_ACCOUNT to tune).
 */
import { cpus, totalmem } from 'node:os';
import { resolvePolicies } from '../harness/policies/index.ts';
import { buildStatement } from '../harness/banking-service/test-support/statement-builder.ts';
import { startFixture, type Fixture } from '../harness/banking-service/test-support/simulator-fixture.ts';
import type { ScriptedAccount } from '../harness/banking-service/test-support/scripted-provider.ts';

const TRANSACTIONS_PER_STATEMENT = 1000;
const ACCOUNTS = Number(process.env['BENCH_ACCOUNTS'] ?? 4);
const STATEMENTS_PER_ACCOUNT = Number(process.env['BENCH_STATEMENTS_PER_ACCOUNT'] ?? 25);
const WARM_UP_STATEMENTS = 2;

const accounts: ScriptedAccount[] = Array.from({ length: ACCOUNTS }, (_, index) => ({
  bankAccountExternalId: `bench-${index}`,
  accountName: `Bench ${index}`,
  bankIdentifier: '9000',
  accountIdentifier: String(100_000 + index),
}));

function statementFor(fixture: Fixture, bankAccountId: string, ledgerBefore: number, sequence: number) {
  const transactions = Array.from({ length: TRANSACTIONS_PER_STATEMENT }, (_, index) => ({
    amount: index % 2 === 0 ? 10.5 : -3.25,
    uniqueId: `${bankAccountId}-${sequence}-${index}`,
  }));
  const sum = transactions.reduce((total, transaction) => total + transaction.amount, 0);
  return { body: buildStatement({ bankAccountId, bankId: fixture.bankId, transactions, ledgerBalance: ledgerBefore + sum }), ledgerAfter: ledgerBefore + sum };
}

/** One account's statements, one in flight at a time as the docs require [P-STMT] (R7). */
async function push(fixture: Fixture, bankAccountId: string, count: number, ledger: { value: number }, sequenceStart: number): Promise<void> {
  for (let sequence = sequenceStart; sequence < sequenceStart + count; sequence += 1) {
    const { body, ledgerAfter } = statementFor(fixture, bankAccountId, ledger.value, sequence);
    const answer = await fixture.provider.postStatement(body);
    if (answer.status !== 201) throw new Error(`statement refused: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    const settled = await fixture.settled((answer.body as { data: { _id: string } }).data._id);
    if (settled.type !== 'statement.completed') throw new Error(`statement rejected: ${JSON.stringify(settled).slice(0, 300)}`);
    ledger.value = ledgerAfter;
  }
}

async function main(): Promise<void> {
  const fixture = await startFixture(
    { policies: resolvePolicies({ 'statement-batch-limit': 1000 }), rateLimit: false, statementProcessingMs: 0, notifier: { timeoutMs: 5000 } },
    accounts,
  );
  try {
    const ids: string[] = [];
    for (const account of accounts) ids.push(await fixture.onboard(account, '2024-01-01T00:00:00.000Z'));
    const ledgers = ids.map(() => ({ value: 0 }));

    await push(fixture, ids[0] ?? '', WARM_UP_STATEMENTS, ledgers[0] ?? { value: 0 }, 0);
    const before = fixture.simulator.state.transactionCount();
    const started = performance.now();
    await Promise.all(ids.map((id, index) => push(fixture, id, STATEMENTS_PER_ACCOUNT, ledgers[index] ?? { value: 0 }, WARM_UP_STATEMENTS)));
    const seconds = (performance.now() - started) / 1000;
    const statements = ACCOUNTS * STATEMENTS_PER_ACCOUNT;
    const stored = fixture.simulator.state.transactionCount();
    global.gc?.();
    const memory = process.memoryUsage();

    const cpu = cpus();
    console.log('Statement ingestion benchmark (simulated Banking Service, loopback HTTP)');
    console.log(`  machine      ${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version} on ${process.platform}`);
    console.log(`  workload     ${statements} statements × ${TRANSACTIONS_PER_STATEMENT} transactions on ${ACCOUNTS} accounts in parallel, one in flight per account; spec validation, every rule, storage`);
    console.log(`  throughput   ${(statements / seconds).toFixed(1)} statements/s (${Math.round((stored - before) / seconds).toLocaleString('en-GB')} transactions/s), ${seconds.toFixed(2)} s`);
    console.log(`  stored       ${stored.toLocaleString('en-GB')} transactions, ${fixture.simulator.traffic.all().length} exchanges in the traffic log`);
    console.log(`  peak RSS     ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (process, client and traffic log included); now rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    await fixture.close();
  }
}

await main();
