import { describe, expect, it } from 'vitest';
import { EvidenceBuilder } from './evidence-builder.ts';
import { findLeak } from './secret-markers.ts';

describe('findLeak', () => {
  const answered = (headers: Record<string, string>, body: unknown, text?: string) =>
    new EvidenceBuilder().record({ to: 'candidate', api: 'connector-api', status: 200, responseHeaders: headers, responseBody: body, ...(text === undefined ? {} : { responseText: text }) });

  it('reports a registered secret wherever it sits, naming it', () => {
    expect(findLeak(answered({}, { debug: 'key=[REDACTED:api-key]' }))).toEqual({ where: 'body', what: 'the API key (PROVIDER_API_KEY)' });
    expect(findLeak(answered({}, undefined, '<p>[REDACTED:test-user-password]</p>'))).toEqual({ where: 'body', what: "a test user's password" });
    expect(findLeak(answered({ location: 'https://x/?t=[REDACTED:client-secret]' }, undefined))).toEqual({ where: 'redirect URL (Location)', what: 'the client secret (SAGE_ID_CLIENT_SECRET)' });
    expect(findLeak(answered({ 'x-debug': '[REDACTED:some-new-secret]' }, undefined))).toEqual({ where: 'header x-debug', what: 'a secret of the run (some-new-secret)' });
  });

  it('reports a bearer credential in a header, but not the connector\'s own fingerprinted cookie or an unknown JWT', () => {
    expect(findLeak(answered({ authorization: 'Bearer [REDACTED:bearer#0011aabb]' }, undefined))).toEqual({ where: 'header authorization', what: 'a bearer credential' });
    expect(findLeak(answered({ 'set-cookie': '[REDACTED:set-cookie#0011aabb]' }, { csrf: '[REDACTED:jwt#99887766]' }))).toBeUndefined();
  });
});
