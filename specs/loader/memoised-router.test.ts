import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadDocument } from './load-document.ts';
import { MemoisedRouter } from './memoised-router.ts';

const file = fileURLToPath(new URL('./fixtures/set/provider-api.yaml', import.meta.url));

describe('MemoisedRouter', () => {
  it('builds the operation list once and still routes like openapi-backend', async () => {
    const { document } = await loadDocument(file);
    const router = new MemoisedRouter(document);
    expect(router.getOperations()).toBe(router.getOperations());
    expect(router.getOperation('getStatement')).toBe(router.getOperations().find((operation) => operation.operationId === 'getStatement'));
    expect(router.getOperation('nope')).toBeUndefined();
    const match = (method: string, path: string) => router.matchOperation({ method, path, headers: {} })?.operationId;
    expect(match('post', '/v1/statements')).toBe('postStatement');
    expect(match('GET', '/v1/statements/36aed119-675f-4507-9da3-06a5914d95ee')).toBe('getStatement');
    expect(match('GET', '/v1/statements/')).toBeUndefined();
    expect(match('GET', '/v1/banks/')).toBe('listBanks');
    expect(match('DELETE', '/v1/banks')).toBeUndefined();
  });
});
