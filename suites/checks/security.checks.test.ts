import { describe, expect, it } from 'vitest';
import { attemptNoteKey, encodeAttempt, type AuthAttemptNote } from '../flows/auth-attempt-notes.ts';
import { AVAILABLE_ACCOUNTS_PROBES, PROBE_ANNOTATION, PROBE_RESOURCE_ANNOTATION, REPEAT_PROBE, SECURITY_STEPS } from '../flows/probe-names.ts';
import { EvidenceBuilder } from './evidence-builder.ts';
import { SECURITY_CHECKS } from './security.checks.ts';

const check = (id: string, built: EvidenceBuilder) => {
  const decide = SECURITY_CHECKS[id];
  if (!decide) throw new Error(`no check ${id}`);
  return decide(built.evidence(), built.context(id));
};

/** A notification the kit crafted as `probe`, answered `status` (or not at all). */
const probe = (built: EvidenceBuilder, name: string, status: number | undefined, resourceId = 'a1', extra: { at?: number } = {}) =>
  built.record({
    from: 'banking-service', to: 'candidate', api: 'connector-api', operationId: 'postNotification', url: 'http://127.0.0.1:9/notification', status,
    ...(status === undefined ? { failure: 'connection: socket hang up' } : {}),
    annotations: { [PROBE_ANNOTATION]: name, [PROBE_RESOURCE_ANNOTATION]: resourceId },
    ...extra,
  });

const attempt = (label: string, authorisationId: string, overrides: Partial<AuthAttemptNote> = {}): AuthAttemptNote => ({
  label, operationId: 'getAuth', authorisationId, outcome: 'refused', firstStatus: 403, credentialsSubmitted: false, returnedWithoutError: false, ...overrides,
});

const entryHop = (built: EvidenceBuilder, authorisationId: string, status: number) =>
  built.record({ from: 'browser', to: 'candidate', api: 'connector-api', operationId: 'getAuth', method: 'GET', url: `http://127.0.0.1:9/auth?authorisation_id=${authorisationId}&state=s`, status });

const patch = (built: EvidenceBuilder, authorisationId: string, status: number) =>
  built.providerCall({ operationId: 'patchAuthorisation', method: 'PATCH', url: `http://127.0.0.1:1/v1/authorisations/${authorisationId}`, status });

describe('SEC-01 and SEC-02: unauthenticated notifications refused', () => {
  it('passes when every probe got a 4xx, fails naming the first one that did not, and is inconclusive without probes', () => {
    const built = new EvidenceBuilder();
    expect(check('SEC-01', built).status).toBe('inconclusive');
    probe(built, 'missing-provider-header', 403);
    probe(built, 'wrong-provider-header', 401);
    expect(check('SEC-01', built)).toMatchObject({ status: 'pass', exchanges: ['x-000001', 'x-000002'] });
    probe(built, 'expired-token', 202);
    expect(check('SEC-02', built)).toMatchObject({ status: 'fail', sentence: expect.stringMatching(/^x-000003: the \/notification the kit sent with a Sage ID token that expired an hour ago answered 202/) });
  });

  it('follows policy notification-rejection-status', () => {
    const built = new EvidenceBuilder();
    probe(built, 'missing-token', 422);
    expect(check('SEC-02', built).status).toBe('pass');
    built.policies = { ...built.policies, 'notification-rejection-status': '400-401-403' };
    expect(check('SEC-02', built)).toMatchObject({ status: 'fail', sentence: expect.stringMatching(/answered 422 .*\(400-401-403\)/) });
  });
});

describe('SEC-03 to SEC-06: authorisation ids the connector must not process', () => {
  it('SEC-03 fails when an id only a refused notification announced was PATCHed, and passes when it was refused', () => {
    const built = new EvidenceBuilder();
    probe(built, 'missing-provider-header', 403, 'refused-id');
    const step = built.step('security', SECURITY_STEPS.refusedEffects, { [attemptNoteKey('a')]: encodeAttempt(attempt('a', 'refused-id')) });
    entryHop(built, 'refused-id', 403);
    step.finish();
    expect(check('SEC-03', built).status).toBe('pass');
    patch(built, 'refused-id', 404);
    expect(check('SEC-03', built)).toMatchObject({ status: 'fail', sentence: expect.stringMatching(/announced only by notification x-000001 which the connector refused, was processed: the connector sent PATCH \/v1\/authorisations\/refused-id \(x-000003\)/) });
  });

  it('SEC-03 is inconclusive when the connector refused no notification at all', () => {
    const built = new EvidenceBuilder();
    probe(built, 'missing-provider-header', 202);
    expect(check('SEC-03', built)).toMatchObject({ status: 'inconclusive', sentence: expect.stringMatching(/refused none/) });
  });

  it('SEC-03 fails when a refused bank-account-created notification still started a statement', () => {
    const built = new EvidenceBuilder();
    probe(built, 'wrong-provider-header', 403, 'auth-id');
    built.step('security', SECURITY_STEPS.refusedEffects, { [attemptNoteKey('a')]: encodeAttempt(attempt('a', 'auth-id')) }).finish();
    probe(built, 'refused-bank-account-created', 403, 'ghost-account');
    built.providerCall({ operationId: 'postStatement', requestBody: { data: { accountDetails: [{ bankAccountId: 'ghost-account' }], transactionDetails: [] } }, status: 404 });
    expect(check('SEC-03', built)).toMatchObject({ status: 'fail', sentence: expect.stringMatching(/^x-000003: the connector posted a statement for bank account ghost-account/) });
  });

  it('SEC-04 treats a sign-in completed without a PATCH as processed, and a redirect back with an error as refused', () => {
    const built = new EvidenceBuilder();
    built.step('security', SECURITY_STEPS.unannounced, {
      [attemptNoteKey('x')]: encodeAttempt(attempt('x', 'u1', { outcome: 'returned', firstStatus: 200, credentialsSubmitted: true, returnedWithoutError: false })),
    }).finish();
    expect(check('SEC-04', built).status).toBe('pass');
    built.steps.length = 0;
    built.step('security', SECURITY_STEPS.unannounced, {
      [attemptNoteKey('x')]: encodeAttempt(attempt('x', 'u1', { outcome: 'returned', firstStatus: 200, credentialsSubmitted: true, returnedWithoutError: true })),
    }).finish();
    expect(check('SEC-04', built)).toMatchObject({ status: 'fail', sentence: expect.stringMatching(/accepted the test user's credentials/) });
  });

  it('SEC-05 counts only PATCHes after the replay, and needs the first session to have completed', () => {
    const built = new EvidenceBuilder();
    patch(built, 'used', 204);
    const step = built.step('security', SECURITY_STEPS.replayed, { [attemptNoteKey('r')]: encodeAttempt(attempt('r', 'used')) });
    entryHop(built, 'used', 403);
    step.finish();
    expect(check('SEC-05', built).status).toBe('pass');
    patch(built, 'used', 409);
    expect(check('SEC-05', built)).toMatchObject({ status: 'fail', sentence: expect.stringMatching(/^The replay of the completed GET \/auth for authorisation_id used was processed: .*\(x-000003\)/) });

    const unfinished = new EvidenceBuilder();
    unfinished.step('security', SECURITY_STEPS.replayed, { [attemptNoteKey('r')]: encodeAttempt(attempt('r', 'never-completed')) }).finish();
    expect(check('SEC-05', unfinished).status).toBe('inconclusive');
  });

  it('SEC-06 names how far the clock was moved', () => {
    const built = new EvidenceBuilder();
    patch(built, 'old', 204);
    built.step('security', SECURITY_STEPS.expired, { clockAdvancedSeconds: '1260', [attemptNoteKey('e')]: encodeAttempt(attempt('e', 'old')) }).finish();
    expect(check('SEC-06', built)).toMatchObject({ status: 'fail', sentence: expect.stringMatching(/moved 1260 s past its notification, was processed/) });
  });
});

describe('SEC-07, SEC-08, SEC-09: robustness of /notification', () => {
  it('SEC-07 fails on a 5xx or a dropped connection, and when the next well-formed notification is not acknowledged', () => {
    const built = new EvidenceBuilder();
    probe(built, 'body-not-json', 400);
    probe(built, 'well-formed-after-malformed', 202);
    expect(check('SEC-07', built).status).toBe('pass');
    probe(built, 'type-missing', undefined);
    expect(check('SEC-07', built)).toMatchObject({ status: 'fail', sentence: expect.stringMatching(/^x-000003: .*without type got no answer .*never cause a 5xx or a dropped connection/) });

    const stopped = new EvidenceBuilder();
    probe(stopped, 'body-not-json', 400);
    probe(stopped, 'well-formed-after-malformed', 503);
    expect(check('SEC-07', stopped)).toMatchObject({ status: 'fail', sentence: expect.stringMatching(/did not keep serving/) });
  });

  it('SEC-08 fails when a transaction Banking Service stored is posted again after the repeat, not when a refused one is', () => {
    const built = new EvidenceBuilder();
    const original = probe(built, 'unused', 202, 'acc');
    built.traffic[0] = { ...original, annotations: {} };
    built.event({ type: 'notification.sent', operationId: 'postNotification', notificationType: 'resourceCreated', resourceType: 'bankAccount', resourceId: 'acc', bankId: 'b', outcome: { url: '', status: 202, failure: undefined, durationMs: 1, acknowledged: true, exchangeId: original.id } });
    const statement = (at: number, uniqueIds: string[], id: string | undefined) =>
      built.providerCall({ operationId: 'postStatement', at, requestBody: { data: { accountDetails: [{ bankAccountId: 'acc' }], transactionDetails: uniqueIds.map((uniqueId) => ({ uniqueId })) } }, status: id ? 201 : 400, responseBody: id ? { data: { _id: id } } : undefined });
    statement(100, ['t1', 't2'], 's1');
    built.event({ type: 'statement.completed', statementId: 's1', bankAccountId: 'acc', transactionsStored: 2, firstTransactionId: 1, lastTransactionId: 2 });
    statement(150, ['t3'], undefined);
    probe(built, REPEAT_PROBE, 202, 'acc', { at: 200 });
    statement(300, ['t3', 't4'], 's2');
    expect(check('SEC-08', built)).toMatchObject({ status: 'pass' });
    statement(400, ['t1'], 's3');
    expect(check('SEC-08', built)).toMatchObject({ status: 'fail', sentence: expect.stringMatching(/^x-000006: after the repeated delivery x-000004 the connector posted uniqueId t1, which Banking Service already held/) });
  });

  it('SEC-09 accepts an acknowledgement or a refusal, never a 5xx', () => {
    const built = new EvidenceBuilder();
    probe(built, 'type-resource-updated', 202);
    probe(built, 'unknown-resource-type', 400);
    expect(check('SEC-09', built).status).toBe('pass');
    probe(built, 'unknown-resource-type', 500);
    expect(check('SEC-09', built)).toMatchObject({ status: 'fail', sentence: expect.stringMatching(/^x-000003: .*with resource.type "statement" answered 500/) });
  });
});

describe('SEC-10, SEC-11, SEC-12', () => {
  it('SEC-10 finds a run secret in a response body or redirect, but not a cookie of the connector', () => {
    const built = new EvidenceBuilder();
    built.record({ from: 'browser', to: 'candidate', api: 'connector-api', method: 'POST', url: 'http://127.0.0.1:9/auth/login', status: 303, responseHeaders: { 'set-cookie': '[REDACTED:set-cookie#0123abcd]', location: 'https://bs/ret?state=s' } });
    expect(check('SEC-10', built).status).toBe('pass');
    // The kit's own test-control hooks are no Connector API; a follow-up hop (the provider's login page) is.
    built.record({ from: 'kit', to: 'candidate', api: undefined, method: 'POST', url: 'http://127.0.0.1:9/test-control/state', status: 200, responseBody: { note: '[REDACTED:api-key]' } });
    expect(check('SEC-10', built).status).toBe('pass');
    built.record({ from: 'browser', to: 'candidate', api: undefined, method: 'POST', url: 'http://127.0.0.1:9/auth/login', status: 303, responseHeaders: { location: 'https://bs/ret?token=[REDACTED:sage-id-token]' } });
    expect(check('SEC-10', built)).toMatchObject({ status: 'fail', sentence: 'x-000003 (POST /auth/login): the response redirect URL (Location) contains a Sage ID bearer token; never echo request headers, configuration or credentials.' });
    const body = new EvidenceBuilder();
    body.record({ from: 'banking-service', to: 'candidate', api: 'connector-api', url: 'http://127.0.0.1:9/notification', status: 403, responseBody: { received: { 'x-notification-key': '[REDACTED:notification-header-value]' } } });
    expect(check('SEC-10', body).sentence).toMatch(/the response body contains the notification header value/);
  });

  it('SEC-11 fails on a missing or refused token, but not on an injected 401 or an expired token (RES-03)', () => {
    const built = new EvidenceBuilder();
    built.providerCall({ operationId: 'postStatement', status: 401, responseBody: { errors: [{ code: 'token-revoked' }] }, annotations: { fault: 'unauthorized-401' } });
    built.providerCall({ operationId: 'postStatement', status: 401, responseBody: { errors: [{ code: 'token-expired' }] } });
    expect(check('SEC-11', built).status).toBe('pass');
    built.providerCall({ operationId: 'postStatement', status: 401, responseBody: { errors: [{ code: 'token-wrong-audience' }] } });
    expect(check('SEC-11', built)).toMatchObject({ status: 'fail', sentence: expect.stringMatching(/^x-000003 \(POST \/v1\/statements\): the simulated Sage ID refused its bearer token \(token-wrong-audience\)/) });
    const missing = new EvidenceBuilder();
    missing.record({ operationId: 'postBanks', url: 'http://127.0.0.1:1/v1/banks', status: 401 });
    expect(check('SEC-11', missing).sentence).toMatch(/^x-000001 \(POST \/v1\/banks\): the request has no Authorization header/);
  });

  it('SEC-12 only reports under the default policy and fails an unenforced call when the policy is required', () => {
    const built = new EvidenceBuilder();
    const call = (name: string, status: number) => built.record({ from: 'banking-service', to: 'candidate', api: 'connector-api', operationId: 'getAvailableAccounts', method: 'GET', url: 'http://127.0.0.1:9/availableaccounts?externalId=e', status, annotations: { [PROBE_ANNOTATION]: name } });
    call(AVAILABLE_ACCOUNTS_PROBES.control, 200);
    call(AVAILABLE_ACCOUNTS_PROBES.withoutToken, 200);
    call(AVAILABLE_ACCOUNTS_PROBES.withoutHeader, 403);
    expect(check('SEC-12', built)).toMatchObject({ status: 'pass', sentence: expect.stringMatching(/^Reported only, .* partly enforces/) });
    built.policies = { ...built.policies, 'available-accounts-auth': 'required' };
    expect(check('SEC-12', built)).toMatchObject({ status: 'fail', sentence: expect.stringMatching(/^x-000002: GET \/availableaccounts without a Sage ID token answered 200/) });
    built.traffic[0] = { ...built.traffic[0]!, response: { ...built.traffic[0]!.response!, status: 500 } };
    expect(check('SEC-12', built).status).toBe('inconclusive');
  });
});
