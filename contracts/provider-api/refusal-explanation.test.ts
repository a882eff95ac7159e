import { describe, expect, it } from 'vitest';
import type { GatewayExchange } from '../simulator-support/index.ts';
import { explainRefusal } from './refusal-explanation.ts';

const exchange = (status: number | undefined, body: unknown, overrides: Partial<GatewayExchange> = {}): GatewayExchange => ({
  seq: 1, method: 'POST', path: '/v1/statements', target: 'provider-api', tag: '1', status, body, failure: undefined, ...overrides,
});

describe('explainRefusal', () => {
  it('gives a statement rule with its reference anchor, evidence tags, message and pointer', () => {
    const lines = explainRefusal(
      exchange(422, { errors: [{ code: 'expected-totals', rule: 'expected-totals', evidence: ['BRUNO'], policy: 'expected-block', message: 'expected.transactionDetailsCount is 2 but 1 transaction was sent', pointer: '/data/expected/transactionDetailsCount' }] }),
    );
    expect(lines).toEqual([
      'POST /v1/statements answered 422: rule expected-totals (R17) [BRUNO]: expected.transactionDetailsCount is 2 but 1 transaction was sent at /data/expected/transactionDetailsCount (policy expected-block)',
    ]);
  });

  it('names the Provider API document for a spec finding', () => {
    expect(explainRefusal(exchange(400, { errors: [{ code: 'spec-type', message: 'body /data/x: must be string', pointer: '/data/x' }] }))).toEqual([
      'POST /v1/statements answered 400: Provider API document (specs/provider-api.yaml): body /data/x: must be string',
    ]);
  });

  it('lists the operations the simulator serves when the path is unknown', () => {
    const lines = explainRefusal(exchange(404, { errors: [{ code: 'not-found', message: 'no route for POST /v1/statement' }] }, { path: '/v1/statement?x=1' }));
    expect(lines[0]).toBe('POST /v1/statement answered 404: not-found: no route for POST /v1/statement');
    expect(lines[1]).toMatch(/^the simulated Banking Service serves only POST \/oauth\/token, POST \/v1\/banks, PATCH/);
  });

  it("reads Sage ID's OAuth errors, says nothing for an answer that is not a refusal, and names a missing answer", () => {
    expect(explainRefusal(exchange(400, { error: 'invalid_request', error_description: 'grant_type must be client_credentials' }, { path: '/oauth/token', target: 'sage-id' }))).toEqual([
      'POST /oauth/token answered 400: Sage ID invalid_request: grant_type must be client_credentials',
    ]);
    expect(explainRefusal(exchange(201, { data: {} }))).toEqual([]);
    expect(explainRefusal(exchange(undefined, undefined, { failure: 'timeout: no response within 10 ms' }))).toEqual(['the simulated Banking Service gave no answer: timeout: no response within 10 ms']);
  });
});
