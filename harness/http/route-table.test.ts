import { describe, expect, it } from 'vitest';
import { createRouteTable } from './route-table.ts';

describe('route table', () => {
  const table = createRouteTable([
    { method: 'GET', pattern: '/v1/statements/:statementId', handler: 'get-statement' },
    { method: 'POST', pattern: '/v1/statements', handler: 'post-statement' },
  ]);

  it('matches a route and decodes its parameters', () => {
    expect(table.match('get', '/v1/statements/a%20b')).toEqual({
      kind: 'matched', handler: 'get-statement', params: { statementId: 'a b' }, pattern: '/v1/statements/:statementId',
    });
  });

  it('tells a wrong method from an unknown path', () => {
    expect(table.match('DELETE', '/v1/statements')).toEqual({ kind: 'method-not-allowed', allowed: ['POST'] });
    expect(table.match('GET', '/v1/banks')).toEqual({ kind: 'not-found' });
  });

  it('does not let a parameter span segments', () => {
    expect(table.match('GET', '/v1/statements/a/b').kind).toBe('not-found');
  });
});
