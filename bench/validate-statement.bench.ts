/**
 * How much the spec loader costs over the Ajv it wraps, on the kit's heaviest payload: POST /v1/statements with
 * 1,000 transactions. Both sides validate the same body against the same dereferenced schema with the same Ajv
 * options and ajv-formats; the loader adds routing by operationId, header validation and finding mapping.
 * Target: loader within 1.3× of raw Ajv. Run: `npm run bench:validate` (BENCH_ROUNDS, BENCH_SLICES, BENCH_BATCH to tune).
 */
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { createRawAjv } from '../specs/loader/ajv-setup.ts';
import { decycleSchema } from '../specs/loader/decycle-schema.ts';
import { loadApiValidator, bundledSpecPath, type ApiValidator, type HttpRequestShape } from '../specs/loader/index.ts';
import { loadDocument } from '../specs/loader/load-document.ts';

const TRANSACTIONS = 1000;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 9);
const SLICES = Number(process.env['BENCH_SLICES'] ?? 25);
const BATCH = Number(process.env['BENCH_BATCH'] ?? 10);
const ITERATIONS = SLICES * BATCH; // per side per round
const WARM_UP = 300;
const TARGET_RATIO = 1.3;

const BANK_ACCOUNT_ID = '5b26b598-a880-4e32-8c41-126aa0206857';

function statementBody(transactions: number): unknown {
  const transactionDetails = Array.from({ length: transactions }, (_, index) => {
    const credit = index % 2 === 0;
    const id = String(index + 1).padStart(6, '0');
    return {
      uniqueId: `uid-${id}`,
      bankAccountId: BANK_ACCOUNT_ID,
      transactionAmount: credit ? 100 : -100,
      transactionType: credit ? 'CREDIT' : 'DEBIT',
      transactionStatus: 'posted',
      datePosted: '2019-11-02T23:00:12.000Z',
      dateUserInitiated: '2019-11-04T22:54:00.000Z',
      exchangeCurrency: 'EUR',
      exchangeAmount: credit ? 120 : -120,
      checkNumber: '123456',
      referenceNumber: id,
      description: `${credit ? 'CREDIT' : 'DEBIT'} DESCRIPTION uid-${id}`,
      payee: {
        payeeDescription: '100001',
        address1: '1 the something',
        address2: 'on some street',
        address3: 'on some estate',
        city: 'in a city',
        state: 'in a state',
        postalCode: 'MY POST CODE',
        country: 'GBR',
        phoneNumber: '0091299291212',
        payeeBankId: '123456',
        payeeAccountId: '654321',
      },
      coordinates: { lat: 0.9812, long: 1.0238 },
      narrative1: `NARRATIVE uid-${id}`,
      narrative2: `EXTENDED NARRATIVE uid-${id}`,
      category: { topLevelCategory: 'TopCategory', subCategory: 'SubCategory', categoryId: 12, standardIndustrialCode: '9089' },
    };
  });
  return {
    data: {
      principalId: BANK_ACCOUNT_ID,
      bankId: '10aaeee6-4691-4443-8198-df39aaa8007c',
      expected: {
        transactionDetailsCount: transactions,
        accountDetailsCount: 1,
        transactionCreditSum: 100 * Math.ceil(transactions / 2),
        transactionDebitSum: -100 * Math.floor(transactions / 2),
      },
      accountDetails: [
        {
          bankAccountId: BANK_ACCOUNT_ID,
          status: 'active',
          balances: {
            ledgerBalance: 0,
            ledgerBalanceDate: '2019-11-24T12:00:00.000Z',
            availableBalance: 0,
            availableBalanceDate: '2019-11-24T12:00:00.000Z',
          },
        },
      ],
      transactionDetails,
    },
  };
}

/**
 * The machine this runs on is shared (CI, other test runs): the sides are interleaved in small batches so that a
 * burst of background load lands on all of them alike, instead of on whichever happened to run at that moment.
 * Returns, per side, the nanoseconds of its `slices × batch` validations.
 */
function timeInterleaved(sides: readonly (() => boolean)[], slices: number, batch: number): number[] {
  const totals = sides.map(() => 0n);
  for (let slice = 0; slice < slices; slice += 1) {
    for (let turn = 0; turn < sides.length; turn += 1) {
      // Rotate who goes first each slice, so no side always runs right after another.
      const side = (turn + slice) % sides.length;
      const run = sides[side] as () => boolean;
      let passed = 0;
      const start = process.hrtime.bigint();
      for (let iteration = 0; iteration < batch; iteration += 1) if (run()) passed += 1;
      totals[side] = (totals[side] as bigint) + (process.hrtime.bigint() - start);
      if (passed !== batch) throw new Error(`only ${passed} of ${batch} validations passed`);
    }
  }
  return totals.map(Number);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const rate = (nanoseconds: number, iterations: number): number => iterations / (nanoseconds / 1e9);
const format = (value: number): string => value.toLocaleString('en-GB', { maximumFractionDigits: 0 });

async function main(): Promise<void> {
  const bundled = bundledSpecPath('provider-api');
  const fixture = fileURLToPath(new URL('../specs/loader/fixtures/set/provider-api.yaml', import.meta.url));
  const file = existsSync(bundled) ? bundled : fixture;

  const loader: ApiValidator = await loadApiValidator('provider-api', file);
  const { document } = await loadDocument(file);
  const post = (document.paths?.['/v1/statements'] as { post?: { requestBody?: unknown } } | undefined)?.post;
  const bodySchema = (post?.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content?.['application/json']?.schema;
  if (bodySchema === undefined) throw new Error(`${file}: POST /v1/statements has no application/json request body schema`);
  const raw: ValidateFunction = createRawAjv().compile(decycleSchema(bodySchema) as object);

  const body = statementBody(TRANSACTIONS);
  const request: HttpRequestShape = {
    method: 'POST',
    path: '/v1/statements',
    headers: { 'content-type': 'application/json', 'x-api-key': 'bench-api-key', authorization: 'Bearer bench.token.value' },
    body,
  };
  const first = loader.validateRequest(request, 'postStatement');
  if (!first.valid || !raw(body)) {
    throw new Error(`the benchmark body must be valid; loader says ${JSON.stringify(first.findings.slice(0, 5))}, raw Ajv says ${JSON.stringify(raw.errors?.slice(0, 5))}`);
  }
  const viaLoader = (): boolean => loader.validateRequest(request, 'postStatement').valid;
  const viaRouting = (): boolean => loader.validateRequest(request).valid;
  const viaRawAjv = (): boolean => raw(body);

  const cpu = cpus();
  console.log(`machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, node ${process.version}`);
  console.log(`spec: ${file}${file === fixture ? ' (fixture: the bundled provider-api.yaml does not exist yet)' : ''}`);
  console.log(
    `body: POST /v1/statements with ${TRANSACTIONS} transactions; ${ROUNDS} rounds × ${ITERATIONS} validations per side ` +
      `(interleaved in batches of ${BATCH}), ${WARM_UP} warm-up each`,
  );

  timeInterleaved([viaLoader, viaRawAjv, viaRouting], 1, WARM_UP);
  const loaderRates: number[] = [];
  const rawRates: number[] = [];
  const routedRates: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const [loaderTime, rawTime, routedTime] = timeInterleaved([viaLoader, viaRawAjv, viaRouting], SLICES, BATCH) as [number, number, number];
    loaderRates.push(rate(loaderTime, ITERATIONS));
    rawRates.push(rate(rawTime, ITERATIONS));
    routedRates.push(rate(routedTime, ITERATIONS));
    ratios.push(loaderTime / rawTime);
  }
  const ratio = median(ratios);
  console.log(`loader (validateRequest, operationId 'postStatement'): ${format(median(loaderRates))} validations/s`);
  console.log(`raw Ajv + ajv-formats (same schema, same options):   ${format(median(rawRates))} validations/s`);
  console.log(`loader routed by method+path (no operationId):        ${format(median(routedRates))} validations/s`);
  console.log(`per-round ratios (loader time / raw time): ${ratios.map((value) => value.toFixed(3)).join(' ')}`);
  console.log(`ratio (median): ${ratio.toFixed(3)}× — target ≤ ${TARGET_RATIO}× — ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}`);
  if (ratio > TARGET_RATIO) process.exitCode = 1;
}

await main();
