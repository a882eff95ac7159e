import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../../harness/policies/index.ts';
import { listIds, patchesFor, refuses, statementAccountId, statementUniqueIds } from './connector-answers.ts';
import { EvidenceBuilder } from './evidence-builder.ts';

describe('connector answers', () => {
  it('maps policy notification-rejection-status to statuses', () => {
    expect([400, 404, 422, 500, undefined].map((status) => refuses(status, DEFAULT_POLICIES))).toEqual([true, true, true, false, false]);
    expect([400, 404].map((status) => refuses(status, { ...DEFAULT_POLICIES, 'notification-rejection-status': '400-401-403' }))).toEqual([true, false]);
  });

  it('finds PATCHes by authorisation id and reads statements', () => {
    const built = new EvidenceBuilder();
    built.providerCall({ operationId: 'patchAuthorisation', method: 'PATCH', url: 'http://h/v1/authorisations/a-1', status: 204 });
    built.providerCall({ operationId: 'patchAuthorisation', method: 'PATCH', url: 'http://h/v1/authorisations/a-10', status: 204 });
    expect(patchesFor(built.evidence(), 'a-1').map((record) => record.id)).toEqual(['x-000001']);
    const statement = built.providerCall({ operationId: 'postStatement', requestBody: { data: { accountDetails: [{ bankAccountId: 'acc' }], transactionDetails: [{ uniqueId: 'u1' }, { uniqueId: 'u2' }] } } });
    expect([statementAccountId(statement), statementUniqueIds(statement)]).toEqual(['acc', ['u1', 'u2']]);
    expect(listIds(built.traffic, 2)).toBe('x-000001, x-000002 and 1 more');
  });
});
