import { describe, expect, it } from 'vitest';
import type { RecordedFinding } from '../../harness/traffic/index.ts';
import { EvidenceBuilder } from './evidence-builder.ts';
import { SPEC_CONFORMANCE_CHECKS } from './spec-conformance.checks.ts';

const check = (id: string, built: EvidenceBuilder) => {
  const decide = SPEC_CONFORMANCE_CHECKS[id];
  if (!decide) throw new Error(`no check ${id}`);
  return decide(built.evidence(), built.context(id));
};

const finding = (side: RecordedFinding['side'], location: RecordedFinding['location'], pointer: string, message: string, keyword: string): RecordedFinding => ({ side, location, pointer, message, keyword });

describe('spec conformance from the recorded findings', () => {
  it('SPEC-01 judges the connector\'s responses only, and names exchange, side, location and pointer of the first finding', () => {
    const built = new EvidenceBuilder();
    const notification = { from: 'banking-service' as const, to: 'candidate' as const, api: 'connector-api' as const, operationId: 'postNotification', url: 'http://127.0.0.1:9/notification' };
    built.record({ ...notification, status: 400, findings: [finding('request', 'body', '/type', 'must be string', 'type')] });
    expect(check('SPEC-01', built)).toMatchObject({ status: 'pass', sentence: 'All 1 connector responses to /notification conform to the document (postNotification 1).' });
    built.record({ ...notification, status: 500, findings: [finding('response', 'status', '', 'status 500 is not documented for postNotification', 'undocumented-status')] });
    built.record({ ...notification, status: 500, findings: [finding('response', 'status', '', 'status 500 is not documented for postNotification', 'undocumented-status')] });
    expect(check('SPEC-01', built)).toMatchObject({
      status: 'fail',
      exchanges: ['x-000002', 'x-000003'],
      sentence: expect.stringMatching(/^x-000002 POST \/notification response status: status 500 is not documented for postNotification \(undocumented-status\) \(2 findings in 2 exchanges in all; next: x-000003/),
    });
  });

  it('SPEC-06 judges the candidate\'s requests and points into the body', () => {
    const built = new EvidenceBuilder();
    built.providerCall({ operationId: 'postStatement', status: 400, findings: [finding('request', 'body', '/data/accountDetails', 'must NOT have more than 1 items', 'maxItems'), finding('response', 'body', '/errors', 'x', 'type')] });
    // The response finding is the simulator's side, not the candidate's.
    expect(check('SPEC-06', built).sentence).toBe('x-000001 POST /v1/statements request body /data/accountDetails: must NOT have more than 1 items (maxItems).');
  });

  it('SPEC-07 passes when the candidate called nothing but the three main operations, and fails an unknown one', () => {
    const built = new EvidenceBuilder();
    expect(check('SPEC-07', built).status).toBe('inconclusive');
    built.providerCall({ operationId: 'postBanks', url: 'http://127.0.0.1:1/v1/banks', status: 200 });
    expect(check('SPEC-07', built).sentence).toMatch(/made no other request/);
    built.providerCall({ method: 'GET', url: 'http://127.0.0.1:1/v1/providers/me', status: 404, findings: [finding('request', 'operation', '', 'no operation matches GET /v1/providers/me', 'unknown-operation')] });
    expect(check('SPEC-07', built)).toMatchObject({ status: 'fail', sentence: 'x-000002 GET /v1/providers/me request operation: no operation matches GET /v1/providers/me (unknown-operation).' });
  });

  it('SPEC-08 applies policy token-request-encoding and wants the run\'s credentials', () => {
    const built = new EvidenceBuilder();
    built.tokenGrant(0, 3600);
    expect(check('SPEC-08', built).status).toBe('pass');
    built.policies = { ...built.policies, 'token-request-encoding': 'json' };
    expect(check('SPEC-08', built).sentence).toBe('x-000001: POST /oauth/token was sent as application/x-www-form-urlencoded, but policy token-request-encoding is json.');
    const wrongSecret = new EvidenceBuilder();
    const grant = wrongSecret.tokenGrant(0, 3600);
    wrongSecret.traffic[0] = { ...grant, request: { ...grant.request, body: { ...(grant.request.body as object), client_secret: 'guessed' } } };
    expect(check('SPEC-08', wrongSecret).sentence).toBe('x-000001: client_secret is not the SAGE_ID_CLIENT_SECRET of this run.');
  });
});
