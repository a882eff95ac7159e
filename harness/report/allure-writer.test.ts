import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UnsyncedAllureWriter } from './allure-writer.ts';

describe('UnsyncedAllureWriter', () => {
  let dir = '';
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes results, groups, attachments and globals under the names allure-js-commons gives them, creating the folder, no temporary files left', async () => {
    dir = await mkdtemp(join(tmpdir(), 'bsck-allure-writer-'));
    const results = join(dir, 'allure-results');
    const source = join(dir, 'exchange.json');
    await writeFile(source, '{"status":200}');
    const writer = new UnsyncedAllureWriter(results);
    writer.writeResult({ uuid: 'r1', name: 'ONB-01 something' } as Parameters<UnsyncedAllureWriter['writeResult']>[0]);
    writer.writeGroup({ uuid: 'g1', children: ['r1'] } as Parameters<UnsyncedAllureWriter['writeGroup']>[0]);
    writer.writeAttachment('a-attachment.txt', Buffer.from('log'));
    writer.writeAttachmentFromPath('b-attachment.json', source);
    writer.writeEnvironmentInfo({ kit: '0.1.0' });
    writer.writeCategoriesDefinitions([{ name: 'kit errors' }]);
    writer.writeGlobals('x-globals.json', { attachments: [], errors: [] });

    expect((await readdir(results)).sort()).toEqual(['a-attachment.txt', 'b-attachment.json', 'categories.json', 'environment.properties', 'g1-container.json', 'r1-result.json', 'x-globals.json']);
    expect(JSON.parse(await readFile(join(results, 'r1-result.json'), 'utf8'))).toEqual({ uuid: 'r1', name: 'ONB-01 something' });
    expect(await readFile(join(results, 'b-attachment.json'), 'utf8')).toBe('{"status":200}');
    expect(await readFile(join(results, 'environment.properties'), 'utf8')).toMatch(/^kit ?= ?0\.1\.0/m);
  });
});
