import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareRunDirectory } from './run-directory.ts';
import { summaryProblems } from './summary-json.ts';
import { sampleSummary } from './test-support/sample-run.ts';
import { writeReports } from './write-reports.ts';

const root = await mkdtemp(join(tmpdir(), 'bsck-write-reports-'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('writeReports', () => {
  it('writes the candidate log, verdicts.json, summary.json, summary.md and junit.xml, timing each', async () => {
    const dir = await prepareRunDirectory(join(root, 'basic'));
    const written: string[] = [];
    const result = await writeReports({ dir, summary: sampleSummary(), candidateLog: 'log line\n', allure: false, onReport: (name) => written.push(name) });
    expect(result.failures).toEqual([]);
    expect(written).toEqual(['candidate.log', 'verdicts.json', 'summary.json', 'summary.md', 'junit.xml']);
    expect(await readFile(dir.candidateLog, 'utf8')).toBe('log line\n');
    expect(JSON.parse(await readFile(dir.verdictsJson, 'utf8'))).toEqual(sampleSummary().verdicts);
    const summary = JSON.parse(await readFile(dir.summaryJson, 'utf8')) as ReturnType<typeof sampleSummary>;
    expect(summaryProblems(summary)).toEqual([]);
    expect(Object.keys(summary.timings.reportsMs)).toEqual(written);
    expect(existsSync(dir.allureResults)).toBe(false);
  });

  it('writes the other reports when one cannot be written, and says which and why', async () => {
    const dir = await prepareRunDirectory(join(root, 'blocked'));
    await mkdir(dir.junitXml);
    const result = await writeReports({ dir, summary: sampleSummary(), candidateLog: '', allure: false });
    expect(result.failures).toEqual([{ report: 'junit.xml', message: expect.stringMatching(/^EISDIR/) }]);
    expect(existsSync(dir.summaryMd)).toBe(true);
    expect(Object.keys(result.reportsMs)).not.toContain('junit.xml');
  });
});
