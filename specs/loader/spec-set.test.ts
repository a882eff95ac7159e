import { cpSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { API_NAMES, type ApiName } from './api-names.ts';
import { loadSpecSet, loadSpecSetFrom } from './spec-set.ts';
import { SpecLoadError } from './spec-load-error.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const FULL_SET: Readonly<Record<ApiName, string>> = {
  'connector-api': fixture('set/connector-api.yml'),
  'provider-api': fixture('set/provider-api.yaml'),
  'consumer-api': fixture('set/consumer-api.yaml'),
  'sage-id': fixture('set/sage-id.json'),
};
const scratch = mkdtempSync(join(tmpdir(), 'spec-loader-set-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('loadSpecSet', () => {
  it('loads one validator per API from the folder, whatever the extension, and records each source', async () => {
    const set = await loadSpecSet({ folder: fixture('set') });
    expect(Object.keys(set)).toEqual([...API_NAMES]);
    expect(Object.isFrozen(set)).toBe(true);
    for (const api of API_NAMES) {
      expect(set[api].api).toBe(api);
      expect(set[api].source).toBe(FULL_SET[api]);
    }
    expect(set['sage-id'].operationIds).toEqual(['postToken', 'getJwks']);
  });

  it('is memoised per folder', async () => {
    const first = await loadSpecSet({ folder: fixture('set') });
    expect(await loadSpecSet({ folder: `${fixture('set')}/` })).toBe(first);
  });

  it('falls back to the bundled document for an API the folder lacks', async () => {
    const set = await loadSpecSetFrom(fixture('partial-set'), (api) => FULL_SET[api]);
    expect(set['provider-api'].source).toBe(fixture('partial-set/provider-api.yaml'));
    expect(set['provider-api'].operationIds).toEqual(['postAccountQuery']);
    expect(set['connector-api'].source).toBe(FULL_SET['connector-api']);
    expect(set['sage-id'].source).toBe(FULL_SET['sage-id']);
  });

  it('names the bundled file when the fallback is missing too', async () => {
    const missing = join(scratch, 'bundled', 'consumer-api.yaml');
    const attempt = loadSpecSetFrom(fixture('partial-set'), (api) => (api === 'consumer-api' ? missing : FULL_SET[api]));
    await expect(attempt).rejects.toBeInstanceOf(SpecLoadError);
    await expect(attempt).rejects.toThrow(`${missing}: file not found`);
  });

  it('refuses a folder holding two files for one API', async () => {
    const folder = join(scratch, 'ambiguous');
    cpSync(fixture('set'), folder, { recursive: true });
    copyFileSync(fixture('set/provider-api.yaml'), join(folder, 'provider-api.json'));
    await expect(loadSpecSet({ folder })).rejects.toThrow(
      /provider-api\.\*: more than one spec file for provider-api \(.*provider-api\.yaml, .*provider-api\.json\); keep one$/,
    );
  });

  it('refuses a missing folder', async () => {
    await expect(loadSpecSet({ folder: join(scratch, 'nowhere') })).rejects.toThrow(/nowhere: spec folder not found$/);
  });

  it('reports a broken document in one line, and loads the folder once it is fixed', async () => {
    const folder = join(scratch, 'fixable');
    cpSync(fixture('set'), folder, { recursive: true });
    const connector = join(folder, 'connector-api.yml');
    writeFileSync(connector, 'openapi: 3.0.3\ninfo: {title: broken, version: 1.0.0}\npaths:\n  /x:\n    get:\n      operationId: getX\n');
    const error = await loadSpecSet({ folder }).then(
      () => undefined,
      (thrown: unknown) => thrown as Error,
    );
    expect(error).toBeInstanceOf(SpecLoadError);
    expect(error?.message).toMatch(new RegExp(`^${connector}: invalid OpenAPI document: .*'responses'`));
    expect(error?.message).not.toContain('\n');
    copyFileSync(FULL_SET['connector-api'], connector);
    expect((await loadSpecSet({ folder }))['connector-api'].source).toBe(connector);
  });
});
