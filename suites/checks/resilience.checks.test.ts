import { describe, expect, it } from 'vitest';
import { RESILIENCE_STEPS } from '../flows/probe-names.ts';
import { EvidenceBuilder } from './evidence-builder.ts';
import { RESILIENCE_CHECKS } from './resilience.checks.ts';

const check = (id: string, built: EvidenceBuilder) => {
  const decide = RESILIENCE_CHECKS[id];
  if (!decide) throw new Error(`no check ${id}`);
  return decide(built.evidence(), built.context(id));
};

const statementBody = (account: string, transactions: readonly Record<string, unknown>[]) => ({ data: { accountDetails: [{ bankAccountId: account }], transactionDetails: transactions } });

describe('RES-01: API key on every call', () => {
  it('fails a call without x-api-key or with another value', () => {
    const built = new EvidenceBuilder();
    built.providerCall({ operationId: 'postBanks', status: 200 });
    expect(check('RES-01', built).status).toBe('pass');
    built.providerCall({ operationId: 'postStatement', status: 403, requestHeaders: { 'x-api-key': '[REDACTED:x-api-key#12345678]' } });
    expect(check('RES-01', built).sentence).toMatch(/^x-000002 \(POST \/v1\/statements\): its x-api-key is not the PROVIDER_API_KEY value of this run/);
  });
});

describe('RES-02 and RES-03: tokens reused and renewed', () => {
  it('RES-02 fails a new token while the last one had over a minute left and was not refused', () => {
    const built = new EvidenceBuilder();
    built.tokenGrant(0, 3600);
    built.providerCall({ operationId: 'postStatement', at: 100, status: 201 });
    built.providerCall({ operationId: 'postStatement', at: 200, status: 401, annotations: { fault: 'unauthorized-401' } });
    built.tokenGrant(300, 3600);
    built.providerCall({ operationId: 'postStatement', at: 400, status: 201, token: 'bbbbbbbb' });
    expect(check('RES-02', built)).toMatchObject({ status: 'pass', sentence: expect.stringMatching(/^2 token requests .* made with 2 tokens/) });
    built.tokenGrant(500, 3600);
    expect(check('RES-02', built)).toMatchObject({ status: 'fail', sentence: expect.stringMatching(/^x-000006: .* token from x-000004 still had 3598\.\d s left and had not been refused/) });
  });

  it('RES-02 accepts a renewal within the last minute', () => {
    const built = new EvidenceBuilder();
    built.tokenGrant(0, 90);
    built.providerCall({ operationId: 'postStatement', at: 1_000, status: 201 });
    built.tokenGrant(40_000, 90);
    expect(check('RES-02', built).status).toBe('pass');
  });

  it('RES-03 fails an expired token, passes when the calls outlived a token, and is inconclusive otherwise', () => {
    const long = new EvidenceBuilder();
    long.tokenGrant(0, 28_800);
    long.providerCall({ operationId: 'postStatement', at: 5_000, status: 201 });
    expect(check('RES-03', long)).toMatchObject({ status: 'not-applicable', sentence: expect.stringMatching(/lived 28800 s .* spanned 5 s, .* only in a run whose Sage ID issues tokens of 30 s or less/) });

    const notOutlived = new EvidenceBuilder();
    notOutlived.tokenGrant(0, 20);
    notOutlived.providerCall({ operationId: 'postStatement', at: 5_000, status: 201 });
    expect(check('RES-03', notOutlived)).toMatchObject({ status: 'inconclusive', sentence: expect.stringMatching(/should have kept it calling/) });

    const short = new EvidenceBuilder();
    short.tokenGrant(0, 5);
    short.providerCall({ operationId: 'postStatement', at: 1_000, status: 201 });
    short.tokenGrant(4_000, 5);
    short.providerCall({ operationId: 'postStatement', at: 7_000, status: 201, token: 'bbbbbbbb' });
    expect(check('RES-03', short)).toMatchObject({ status: 'pass', sentence: expect.stringMatching(/renewed them in time \(x-000003\)/) });
    short.providerCall({ operationId: 'getStatement', method: 'GET', url: 'http://127.0.0.1:1/v1/statements/s1', at: 9_500, status: 401, responseBody: { errors: [{ code: 'token-expired' }] } });
    expect(check('RES-03', short).sentence).toMatch(/^x-000005 \(GET \/v1\/statements\/s1\): the connector presented an expired Sage ID token/);
  });
});

describe('RES-04 and RES-05: 401 and 429', () => {
  it('RES-04 wants a new token and the same request again with it', () => {
    const body = statementBody('acc', [{ uniqueId: 'u1' }]);
    const built = new EvidenceBuilder();
    built.tokenGrant(0, 3600);
    built.providerCall({ operationId: 'postStatement', at: 100, status: 401, requestBody: body, annotations: { fault: 'unauthorized-401' } });
    expect(check('RES-04', built).sentence).toMatch(/^x-000002: after the 401 on POST \/v1\/statements .* never sent the request again/);
    built.tokenGrant(120, 3600);
    built.providerCall({ operationId: 'postStatement', at: 140, status: 201, requestBody: body });
    expect(check('RES-04', built).sentence).toMatch(/^x-000004 repeated the request refused with 401 in x-000002 with the same token/);
    built.traffic.pop();
    built.providerCall({ operationId: 'postStatement', at: 140, status: 201, requestBody: body, token: 'cccccccc' });
    expect(check('RES-04', built)).toMatchObject({ status: 'pass', exchanges: ['x-000002', 'x-000003', 'x-000004'] });
  });

  it('RES-05 measures the next request from the 429 and wants the refused request retried', () => {
    const body = statementBody('acc', [{ uniqueId: 'u1' }]);
    const throttled = (built: EvidenceBuilder) => built.providerCall({ operationId: 'postStatement', at: 0, status: 429, requestBody: body, responseHeaders: { 'retry-after': '1' }, annotations: { fault: 'rate-limit-429', 'fault.retryAfterSeconds': '1' } });
    const early = new EvidenceBuilder();
    throttled(early);
    early.providerCall({ operationId: 'postStatement', at: 220, status: 201, requestBody: body });
    expect(check('RES-05', early)).toMatchObject({ status: 'fail', sentence: expect.stringMatching(/^x-000002 \(POST \/v1\/statements\) came 220 ms after .* Retry-After 1 s/) });

    const patient = new EvidenceBuilder();
    throttled(patient);
    patient.providerCall({ operationId: 'postStatement', at: 1_010, status: 201, requestBody: body });
    expect(check('RES-05', patient).status).toBe('pass');

    const gaveUp = new EvidenceBuilder();
    throttled(gaveUp);
    gaveUp.providerCall({ operationId: 'getStatement', method: 'GET', url: 'http://127.0.0.1:1/v1/statements/other', at: 1_100, status: 200 });
    expect(check('RES-05', gaveUp).sentence).toMatch(/waited after the 429 but never retried the refused POST \/v1\/statements/);
  });
});

describe('RES-06: request rate', () => {
  it('fails more than ten arrivals in a second and is inconclusive with too few calls to tell', () => {
    const built = new EvidenceBuilder();
    for (let index = 0; index < 10; index += 1) built.providerCall({ operationId: 'getStatement', at: index * 50, status: 200 });
    expect(check('RES-06', built).status).toBe('inconclusive');
    built.providerCall({ operationId: 'getStatement', at: 2_000, status: 200 });
    expect(check('RES-06', built)).toMatchObject({ status: 'pass', sentence: expect.stringMatching(/^At most 10 of the candidate's 11/) });
    built.providerCall({ operationId: 'getStatement', at: 480, status: 200 });
    expect(check('RES-06', built)).toMatchObject({ status: 'fail', sentence: expect.stringMatching(/^11 Provider API requests arrived within one second \(x-000001/) });
  });
});

describe('RES-07 and RES-08: resubmission after an uncertain delivery', () => {
  const transactions = [{ uniqueId: 'u1', transactionAmount: 10 }, { uniqueId: 'u2', transactionAmount: -5 }];

  const scenario = (resubmitted: readonly Record<string, unknown>[] | undefined, listed: readonly string[] | undefined) => {
    const built = new EvidenceBuilder();
    built.providerCall({ operationId: 'postStatement', at: 0, status: 500, requestBody: statementBody('acc', transactions), annotations: { fault: 'server-error-500', 'fault.stored': 'true' } });
    if (resubmitted) built.providerCall({ operationId: 'postStatement', at: 300, status: 201, requestBody: statementBody('acc', resubmitted) });
    if (listed) {
      const step = built.step('resilience', RESILIENCE_STEPS.listTransactions);
      built.record({ from: 'product', api: 'consumer-api', operationId: 'listTransactions', method: 'GET', url: 'http://127.0.0.1:4/api/v1/x', at: 500, status: 200, responseBody: { bankAccount: { bankAccountId: 'acc' }, bankTransactionList: { transactions: listed.map((uniqueId) => ({ uniqueId })) } } });
      step.finish();
    }
    return built;
  };

  it('passes the same statement held once', () => {
    expect(check('RES-07', scenario(transactions, ['u0', 'u1', 'u2']))).toMatchObject({ status: 'pass', exchanges: ['x-000001', 'x-000002'] });
  });

  it('fails a missing resubmission, a changed one, and a transaction held twice', () => {
    expect(check('RES-07', scenario(undefined, ['u1', 'u2'])).sentence).toMatch(/^x-000001: after the 500 the connector never resubmitted the statement for bank account acc/);
    expect(check('RES-07', scenario([{ uniqueId: 'u1-r1', transactionAmount: 10 }, transactions[1]!], ['u1', 'u2'])).sentence).toMatch(/\/data\/transactionDetails\/0\/uniqueId is "u1-r1" instead of "u1"/);
    expect(check('RES-07', scenario(transactions, ['u1', 'u1', 'u2'])).sentence).toMatch(/^Transaction u1 of x-000001 \(answered with a 500\) is held 2 times/);
    expect(check('RES-07', scenario(transactions, undefined)).status).toBe('inconclusive');
  });

  it('does not blame the resubmission when Banking Service refused its content: the statement checks judge that', () => {
    const built = new EvidenceBuilder();
    built.providerCall({ operationId: 'postStatement', at: 0, status: 500, requestBody: statementBody('acc', transactions), annotations: { fault: 'server-error-500' } });
    built.providerCall({ operationId: 'postStatement', at: 300, status: 422, requestBody: statementBody('acc', transactions) });
    const step = built.step('resilience', RESILIENCE_STEPS.listTransactions);
    built.record({ from: 'product', api: 'consumer-api', operationId: 'listTransactions', method: 'GET', url: 'http://127.0.0.1:4/api/v1/x', at: 500, status: 200, responseBody: { bankAccount: { bankAccountId: 'acc' }, bankTransactionList: { transactions: [] } } });
    step.finish();
    expect(check('RES-07', built)).toMatchObject({ status: 'pass', sentence: expect.stringMatching(/it refused the content of x-000002/) });
  });

  it('RES-08 looks only at dropped connections', () => {
    expect(check('RES-08', scenario(transactions, ['u1', 'u2'])).status).toBe('inconclusive');
  });
});
