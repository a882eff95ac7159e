import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allureCliPath, generateAllureHtml } from './allure-html.ts';
import { prepareRunDirectory } from './run-directory.ts';

const root = await mkdtemp(join(tmpdir(), 'bsck-allure-html-'));
afterAll(() => rm(root, { recursive: true, force: true }));

/** An Allure result as allure-vitest writes it, reduced to what the generator needs. */
const result = (uuid: string, name: string, status: string) => ({
  uuid,
  historyId: `history-${name.split(' ')[0]}`,
  name,
  fullName: `suites/report/bank-sync.suite.ts#Bank sync ${name}`,
  status,
  stage: 'finished',
  start: 1_700_000_000_000,
  stop: 1_700_000_000_010,
  labels: [{ name: 'feature', value: 'Bank sync' }, { name: 'story', value: name.split(' ')[0] }],
  links: [],
  parameters: [],
  steps: [],
  attachments: [],
});

describe('generateAllureHtml', () => {
  it('finds the Allure 3 command line in node_modules', () => {
    expect(existsSync(allureCliPath())).toBe(true);
  });

  it('generates one self-contained HTML file offline, and keeps the history between runs in the same folder', async () => {
    const dir = await prepareRunDirectory(join(root, 'reports'));
    await mkdir(dir.allureResults, { recursive: true });
    await writeFile(join(dir.allureResults, 'a-result.json'), JSON.stringify(result('a', 'SYNC-01 Bank registered through bank sync', 'passed')));
    await writeFile(join(dir.allureResults, 'b-result.json'), JSON.stringify(result('b', 'SYNC-02 All four callback URLs registered', 'failed')));

    const first = await generateAllureHtml(dir);
    expect(first.ms).toBeGreaterThan(0);
    expect(existsSync(join(dir.allureReport, 'index.html'))).toBe(true);
    expect(readFileSync(join(dir.allureReport, 'index.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
    expect(existsSync(join(dir.root, '.allurerc.json'))).toBe(false);

    await generateAllureHtml(dir);
    const history = readFileSync(dir.allureHistory, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { testResults: Record<string, { name: string; status: string }> });
    expect(history).toHaveLength(2);
    expect(Object.values(history[1]?.testResults ?? {}).map((entry) => `${entry.name}: ${entry.status}`).sort()).toEqual([
      'SYNC-01 Bank registered through bank sync: passed',
      'SYNC-02 All four callback URLs registered: failed',
    ]);
  }, 60_000);

  it('says why in one line when the generator fails', async () => {
    const dir = await prepareRunDirectory(join(root, 'nothing'));
    await expect(generateAllureHtml(dir)).rejects.toThrow(/^allure generate exited with 1/);
  }, 60_000);
});
