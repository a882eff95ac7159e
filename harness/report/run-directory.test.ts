import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outputFolderProblem, prepareRunDirectory, readReportedRun, runDirectory } from './run-directory.ts';
import { writeSummaryJson } from './summary-json.ts';
import { sampleExchange, sampleSummary } from './test-support/sample-run.ts';

const root = await mkdtemp(join(tmpdir(), 'bsck-run-directory-'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('run directory', () => {
  it('lays the reports out under one folder, the evidence in evidence/', () => {
    const dir = runDirectory(join(root, 'x'));
    expect(dir.summaryJson).toBe(join(root, 'x', 'summary.json'));
    expect(dir.trafficJsonl).toBe(join(root, 'x', 'evidence', 'traffic.jsonl'));
    expect(dir.allureReport).toBe(join(root, 'x', 'allure-report'));
    expect(dir.allureHistory).toBe(join(root, 'x', 'allure-history.jsonl'));
  });

  it('removes the previous run\'s reports and evidence, keeps the Allure history and anything not the kit\'s', async () => {
    const dir = runDirectory(join(root, 'again'));
    await mkdir(join(dir.evidence), { recursive: true });
    await mkdir(dir.allureResults, { recursive: true });
    for (const file of [dir.summaryJson, dir.summaryMd, dir.junitXml, dir.verdictsJson, dir.trafficJsonl, join(dir.allureResults, 'a-result.json'), dir.allureHistory, join(dir.root, 'notes.txt')]) {
      await writeFile(file, 'old');
    }
    await prepareRunDirectory(dir.root);
    expect([dir.summaryJson, dir.summaryMd, dir.junitXml, dir.verdictsJson, dir.trafficJsonl, dir.allureResults].filter(existsSync)).toEqual([]);
    expect(existsSync(dir.evidence)).toBe(true);
    expect(existsSync(dir.allureHistory)).toBe(true);
    expect(existsSync(join(dir.root, 'notes.txt'))).toBe(true);
  });

  it('says why a path cannot be the output folder, without creating anything', async () => {
    const file = join(root, 'file');
    await writeFile(file, '');
    expect(outputFolderProblem(file)).toBe(`${file} is a file, not a folder; choose another --out`);
    expect(outputFolderProblem(join(file, 'below'))).toBe(`${file} is a file, not a folder; choose another --out`);
    expect(outputFolderProblem(join(root, 'new', 'deeper'))).toBeUndefined();
    expect(existsSync(join(root, 'new'))).toBe(false);
  });

  it('reads back what the report suites need: the summary, the exchanges by id, the candidate log', async () => {
    const dir = await prepareRunDirectory(join(root, 'read'));
    await writeSummaryJson(dir.summaryJson, sampleSummary());
    await writeFile(dir.trafficJsonl, `${JSON.stringify(sampleExchange(1))}\n${JSON.stringify(sampleExchange(2))}\n`);
    await writeFile(dir.candidateLog, 'listening\n');
    const run = readReportedRun(dir.root);
    expect(run.summary.counts.total).toBe(6);
    expect([...run.exchanges.keys()]).toEqual(['x-000001', 'x-000002']);
    expect(run.candidateLog).toBe('listening\n');
  });
});
