import { readdir, readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAllureResults, ReportSuiteError } from './allure-results.ts';
import { prepareRunDirectory } from './run-directory.ts';
import { writeSummaryJson } from './summary-json.ts';
import { sampleContracts, sampleExchange, sampleSummary, sampleSummaryInput } from './test-support/sample-run.ts';

interface Step { name: string; steps: Step[]; attachments: { name: string; type: string; source: string }[] }
interface Result {
  name: string;
  status: string;
  statusDetails?: { message?: string };
  labels: { name: string; value: string }[];
  links: { url: string; name: string }[];
  description?: string;
  steps: Step[];
}

const root = await mkdtemp(join(tmpdir(), 'bsck-allure-results-'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('writeAllureResults (the report suites, through vitest\'s Node API)', () => {
  const summary = sampleSummary();
  let results: Map<string, Result>;
  let files: string[];
  let outcome: Awaited<ReturnType<typeof writeAllureResults>>;

  beforeAll(async () => {
    const dir = await prepareRunDirectory(join(root, 'run'));
    await writeSummaryJson(dir.summaryJson, summary);
    await writeFile(dir.trafficJsonl, [sampleExchange(1), sampleExchange(2)].map((record) => JSON.stringify(record)).join('\n'));
    await writeFile(dir.candidateLog, '{"msg":"listening"}\n');
    outcome = await writeAllureResults(dir, [...new Set(summary.verdicts.map((verdict) => verdict.flow))]);
    files = await readdir(dir.allureResults);
    const parsed = await Promise.all(files.filter((name) => name.endsWith('-result.json')).map(async (name) => JSON.parse(await readFile(join(dir.allureResults, name), 'utf8')) as Result));
    results = new Map(parsed.map((result) => [result.name.split(' ')[0] ?? '', result]));
  }, 120_000);

  const label = (result: Result | undefined, name: string) => result?.labels.filter((entry) => entry.name === name).map((entry) => entry.value);

  it('writes one result per verdict, titled "<id> <title>"', () => {
    expect(outcome).toMatchObject({ tests: summary.verdicts.length, results: summary.verdicts.length });
    expect([...results.values()].map((result) => result.name).sort()).toEqual(summary.verdicts.map((verdict) => `${verdict.requirementId} ${verdict.title}`).sort());
  });

  it('labels each result: epic = flow, feature = flow title, story = id, severity from the level, tags for capability and policies', () => {
    const sync = results.get('SYNC-01');
    expect(label(sync, 'epic')).toEqual(['bank-sync']);
    expect(label(sync, 'feature')).toEqual(['Bank sync']);
    expect(label(sync, 'story')).toEqual(['SYNC-01']);
    expect(label(sync, 'severity')).toEqual(['critical']);
    expect(label(sync, 'tag')).toEqual(expect.arrayContaining(['capability:bank-sync', expect.stringMatching(/^policy:banks-body-shape=/)]));
    expect(sync?.links.map((link) => link.url)).toContain('https://developer.sage.com/banking-service/provider-api/get-started/integrate/bank-sync');
    const warned = [...results.values()].find((result) => label(result, 'verdict')?.[0] === 'warn');
    expect(label(warned, 'severity')).toEqual(['normal']);
  });

  it('passes pass and warn, fails fail with the sentence, skips not-applicable, shows error as broken', () => {
    expect(results.get('SYNC-01')?.status).toBe('passed');
    const warned = [...results.values()].find((result) => label(result, 'verdict')?.[0] === 'warn');
    expect(warned?.status).toBe('passed');
    expect(warned?.description).toMatch(/^\*\*Warning — a SHOULD the candidate does not meet:\*\* A SHOULD that was not met\./);
    expect(results.get('ONB-01')).toMatchObject({ status: 'failed', statusDetails: { message: 'The PATCH x-000002 carried no bankAccounts & the account stayed <pending>.' } });
    expect(results.get('MAL-01')?.status).toBe('skipped');
    expect(results.get('STMT-01')).toMatchObject({ status: 'broken', statusDetails: { message: 'The kit has no check for STMT-01.' } });
  });

  it('adds one step per cited exchange with the redacted request and response attached, and the candidate log on a failure', () => {
    const failed = results.get('ONB-01');
    const [step] = failed?.steps ?? [];
    expect(step?.name).toBe('x-000002 candidate → banking-service POST /v1/statements [postStatements] → 400');
    expect(step?.steps.map((inner) => inner.name)).toEqual(['request and response']);
    expect(failed?.steps.map((entry) => entry.name)).toContain('candidate log');
    expect(results.get('SYNC-01')?.steps.map((entry) => entry.name)).not.toContain('candidate log');
    expect(files.filter((name) => name.endsWith('-globals.json'))).toHaveLength(1);
  });

  it('fails as the kit when the suites cannot read the run, rather than report nothing', async () => {
    const empty = await prepareRunDirectory(join(root, 'empty'));
    await expect(writeAllureResults(empty, ['bank-sync'])).rejects.toThrow(ReportSuiteError);
    await expect(writeAllureResults(empty, [])).rejects.toThrow('no flow to report');
  }, 60_000);
});

describe('writeAllureResults: the webhook contract suite', () => {
  it("writes one result per interaction, labelled with its requirements, a failure carrying Pact's mismatch text as message and attachment", async () => {
    const summary = sampleSummary({ run: { ...sampleSummaryInput().run, contracts: sampleContracts({ failing: true }) } });
    const dir = await prepareRunDirectory(join(root, 'contract'));
    await writeSummaryJson(dir.summaryJson, summary);
    const outcome = await writeAllureResults(dir, ['webhook-contract']);
    expect(outcome).toMatchObject({ tests: 2, results: 2 });
    const names = (await readdir(dir.allureResults)).filter((name) => name.endsWith('-result.json'));
    const results = await Promise.all(names.map(async (name) => JSON.parse(await readFile(join(dir.allureResults, name), 'utf8')) as Result));
    const byTitle = new Map(results.map((result) => [result.name, result]));
    const failed = byTitle.get("the accounts under a linked account's authorisation");
    expect(failed).toMatchObject({ status: 'failed', statusDetails: { message: '$ -> Expected an array with at least 1 item(s) but got [] & <none>' } });
    expect(failed?.labels.filter((entry) => entry.name === 'requirement').map((entry) => entry.value)).toEqual(['SPEC-03', 'MAL-01']);
    expect(failed?.labels).toContainEqual({ name: 'feature', value: 'Webhook contract (Pact)' });
    // allure-vitest records a test's attachment as a step of that name carrying it.
    const attachment = failed?.steps.find((entry) => entry.name === 'Pact mismatch')?.attachments[0];
    expect(await readFile(join(dir.allureResults, attachment?.source ?? 'missing'), 'utf8')).toBe('$ -> Expected an array with at least 1 item(s) but got [] & <none>');
    expect(byTitle.get('a bank account created notification')?.status).toBe('passed');
  }, 120_000);
});
