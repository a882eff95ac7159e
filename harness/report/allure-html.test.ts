import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateAllureHtml, startAllureHtmlGenerator } from './allure-html.ts';
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

  it('says why in one line when there are no results to generate from', async () => {
    const dir = await prepareRunDirectory(join(root, 'nothing'));
    await expect(generateAllureHtml(dir)).rejects.toThrow(/^allure generate: no results folder .*allure-results$/);
  }, 60_000);

  it('says why in one line when the generator fails', async () => {
    const dir = await prepareRunDirectory(join(root, 'history-is-a-folder'));
    await mkdir(dir.allureResults, { recursive: true });
    await writeFile(join(dir.allureResults, 'a-result.json'), JSON.stringify(result('a', 'SYNC-01 Bank registered through bank sync', 'passed')));
    await mkdir(dir.allureHistory, { recursive: true });
    await expect(generateAllureHtml(dir)).rejects.toThrow(/^allure generate (failed|exited)/);
  }, 60_000);

  it('started ahead of its results, generates once they are written', async () => {
    const dir = await prepareRunDirectory(join(root, 'ahead'));
    const generator = startAllureHtmlGenerator(dir);
    try {
      await mkdir(dir.allureResults, { recursive: true });
      await writeFile(join(dir.allureResults, 'a-result.json'), JSON.stringify(result('a', 'SYNC-01 Bank registered through bank sync', 'passed')));
      await generator.generate();
      expect(readFileSync(join(dir.allureReport, 'index.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
      await expect(generator.generate()).rejects.toThrow('already ran');
      expect(existsSync(join(dir.allureReport, 'index.html'))).toBe(true);
    } finally {
      generator.dispose();
    }
  }, 60_000);

  it('disposed before generating, leaves no process behind and fails what awaited it', async () => {
    const dir = await prepareRunDirectory(join(root, 'disposed'));
    const generator = startAllureHtmlGenerator(dir);
    generator.dispose();
    await mkdir(dir.allureResults, { recursive: true });
    await expect(generator.generate()).rejects.toThrow(/^allure generate was stopped \(SIGKILL\)/);
  }, 60_000);

  it('stops the generator when the run is interrupted', async () => {
    const dir = await prepareRunDirectory(join(root, 'interrupted'));
    await mkdir(dir.allureResults, { recursive: true });
    await writeFile(join(dir.allureResults, 'a-result.json'), JSON.stringify(result('a', 'SYNC-01 Bank registered through bank sync', 'passed')));
    const abort = new AbortController();
    abort.abort();
    await expect(generateAllureHtml(dir, { signal: abort.signal })).rejects.toThrow(/^allure generate was stopped \(SIGTERM\)/);
  }, 60_000);
});
