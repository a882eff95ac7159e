import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiName } from './api-names.ts';
import { loadApiValidator } from './load-api-validator.ts';
import { SpecLoadError } from './spec-load-error.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'spec-loader-memo-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('loadApiValidator', () => {
  it('builds once per document per process', async () => {
    const file = fixture('set/consumer-api.yaml');
    const [first, second] = await Promise.all([loadApiValidator('consumer-api', file), loadApiValidator('consumer-api', file)]);
    expect(second).toBe(first);
    expect(await loadApiValidator('consumer-api', file)).toBe(first);
    const asOtherApi = await loadApiValidator('provider-api', file);
    expect(asOtherApi).not.toBe(first);
    expect(asOtherApi.api).toBe('provider-api');
  });

  it('loads a file afresh when its bytes changed', async () => {
    const file = join(folder, 'consumer-api.yaml');
    copyFileSync(fixture('set/consumer-api.yaml'), file);
    const before = await loadApiValidator('consumer-api', file);
    writeFileSync(file, readFileSync(file, 'utf8').replace('0.0.1-fixture', '0.0.2-fixture'));
    const after = await loadApiValidator('consumer-api', file);
    expect(after).not.toBe(before);
    expect(after.version).toBe('0.0.2-fixture');
    expect(after.digest).not.toBe(before.digest);
  });

  it('does not remember a failure: a fixed file loads', async () => {
    const file = join(folder, 'sage-id.yaml');
    writeFileSync(file, 'openapi: 3.0.3\ninfo: {title: half-written\n');
    await expect(loadApiValidator('sage-id', file)).rejects.toThrow(new RegExp(`^${file}: not valid YAML`));
    copyFileSync(fixture('set/consumer-api.yaml'), file);
    expect((await loadApiValidator('sage-id', file)).operationIds).toContain('listBankAccounts');
  });

  it('refuses an API name it does not know', async () => {
    const attempt = loadApiValidator('payments-api' as ApiName, fixture('set/consumer-api.yaml'));
    await expect(attempt).rejects.toBeInstanceOf(SpecLoadError);
    await expect(attempt).rejects.toThrow(/unknown API name "payments-api" \(known: connector-api, provider-api, consumer-api, sage-id\)$/);
  });
});
