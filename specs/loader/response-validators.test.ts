import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MemoisedRouter } from './memoised-router.ts';
import { createRawAjv } from './ajv-setup.ts';
import { loadDocument } from './load-document.ts';
import { compileResponseChecks } from './response-validators.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function checksOf(name: string) {
  const { document } = await loadDocument(fixture(name));
  const operations = new MemoisedRouter(document).getOperations();
  // Header values are text: the loader's header Ajv coerces them, as openapi-backend's does.
  return compileResponseChecks(fixture(name), operations, createRawAjv(), createRawAjv({ coerceTypes: true }), new WeakMap());
}

describe('compileResponseChecks', () => {
  it('compiles one check per documented response, JSON media types only, +json included', async () => {
    const checks = await checksOf('set/provider-api.yaml');
    const postStatement = checks.get('postStatement');
    expect(postStatement?.keys).toEqual(['201', '429', '4XX']);
    expect(postStatement?.checks.get('201')?.body?.({ data: { _id: '36aed119-675f-4507-9da3-06a5914d95ee', status: 'accepted' } })).toBe(true);
    expect(postStatement?.checks.get('4XX')?.body?.({ message: 'no' })).toBe(true);
    expect(postStatement?.checks.get('4XX')?.body?.({})).toBe(false);
    expect(postStatement?.checks.get('429')?.body).toBeUndefined();
    expect(checks.get('getStatement')?.checks.get('404')).toEqual({ body: undefined, headers: undefined });
  });

  it('checks documented headers by lower-cased name, coercing their text, requiring only the required ones', async () => {
    const headers = (await checksOf('set/provider-api.yaml')).get('postStatement')?.checks.get('429')?.headers;
    expect(headers?.({ 'retry-after': '5' })).toBe(true);
    expect(headers?.({ 'retry-after': 'soon' })).toBe(false);
    expect(headers?.({ 'x-request-id': '36aed119-675f-4507-9da3-06a5914d95ee' })).toBe(false);
    expect(headers?.errors?.[0]?.params).toEqual({ missingProperty: 'retry-after' });
  });

  it('does not check a text/html body', async () => {
    const getAuth = (await checksOf('set/connector-api.yml')).get('getAuth');
    expect(getAuth?.checks.get('200')?.body).toBeUndefined();
    expect(getAuth?.checks.get('302')?.headers?.({})).toBe(false);
  });

  it('compiles a recursive response schema', async () => {
    const list = (await checksOf('set/consumer-api.yaml')).get('listBankAccounts')?.checks.get('200')?.body;
    expect(list?.([{ name: 'a', children: [{ name: 'b' }] }])).toBe(true);
    expect(list?.([{ name: 'a', children: [{ children: [] }] }])).toBe(false);
  });
});
