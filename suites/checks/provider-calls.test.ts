import { describe, expect, it } from 'vitest';
import { EvidenceBuilder, PROVIDER_CLIENT_ID } from './evidence-builder.ts';
import { apiKeyProblem, bearerFingerprint, canonicalJson, requestKey, tokenGrants, tokenIdentityProblem, tokenRequests } from './provider-calls.ts';

describe('provider calls', () => {
  it('reads the token fingerprint and says what is wrong with a token or a key', () => {
    const built = new EvidenceBuilder();
    const good = built.providerCall({ operationId: 'postStatement', status: 201, token: '0123abcd' });
    expect(bearerFingerprint(good)).toBe('0123abcd');
    expect(tokenIdentityProblem(good)).toBeUndefined();
    expect(apiKeyProblem(good)).toBeUndefined();
    const raw = built.record({ operationId: 'postStatement', status: 401, requestHeaders: { authorization: '[REDACTED:sage-id-token]' } });
    expect(tokenIdentityProblem(raw)).toBe('Authorization is "[REDACTED:sage-id-token]", not "Bearer <access_token>"');
    expect(apiKeyProblem(raw)).toBe('the request has no x-api-key header');
  });

  it('compares requests by method, path and body whatever the key order', () => {
    expect(canonicalJson({ b: [1, { d: 2, c: 3 }], a: null })).toBe('{"a":null,"b":[1,{"c":3,"d":2}]}');
    const built = new EvidenceBuilder();
    const first = built.providerCall({ requestBody: { x: 1, y: 2 } });
    const again = built.providerCall({ requestBody: { y: 2, x: 1 } });
    expect(requestKey(first)).toBe(requestKey(again));
  });

  it('takes the provider\'s own token requests and their lifetime from expires_in', () => {
    const built = new EvidenceBuilder();
    built.tokenGrant(0, 5);
    built.record({ api: 'sage-id', operationId: 'postToken', requestBody: { client_id: 'someone-else' }, status: 200, responseBody: { expires_in: 60 } });
    expect(tokenRequests(built.evidence()).map((record) => (record.request.body as { client_id: string }).client_id)).toEqual([PROVIDER_CLIENT_ID]);
    expect(tokenGrants(built.evidence())).toMatchObject([{ lifetimeSeconds: 5, expiresAtMs: Date.parse('2025-06-01T12:00:00.000Z') + 4_000 }]);
  });
});
