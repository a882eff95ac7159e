import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { summaryProblems, writeSummaryJson } from './summary-json.ts';
import { sampleContracts, sampleSummary, sampleSummaryInput } from './test-support/sample-run.ts';

const dir = await mkdtemp(join(tmpdir(), 'bsck-summary-json-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('writeSummaryJson', () => {
  it('writes a summary that parses back and matches the published schema', async () => {
    const file = join(dir, 'summary.json');
    await writeSummaryJson(file, sampleSummary());
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    expect(summaryProblems(parsed)).toEqual([]);
    expect(parsed).toMatchObject({ decision: 'kit-failed', counts: { total: 6 }, requirementSet: { version: '1.0' } });
  });

  it('refuses a summary the schema refuses, naming the field', async () => {
    const broken = { ...sampleSummary(), counts: { ...sampleSummary().counts, fail: -1 } };
    await expect(writeSummaryJson(join(dir, 'broken.json'), broken)).rejects.toThrow(/\/counts\/fail: must be >= 0/);
    expect(summaryProblems({ ...sampleSummary(), extra: true })).toEqual(['(top level): must NOT have additional properties']);
  });

  it('accepts the webhook contract per interaction, and refuses an interaction without its requirement ids', () => {
    const run = { ...sampleSummaryInput().run, contracts: sampleContracts({ failing: true }) };
    const summary = sampleSummary({ run });
    expect(summaryProblems(summary)).toEqual([]);
    const [first, second] = summary.contracts.interactions;
    const broken = { ...summary, contracts: { ...summary.contracts, interactions: [first, { ...second, requirementIds: undefined }] } };
    expect(summaryProblems(JSON.parse(JSON.stringify(broken)))).toEqual(["/contracts/interactions/1: must have required property 'requirementIds'"]);
  });
});
