import { Ajv } from 'ajv';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApiValidator } from './build-validator.ts';
import { loadDocument } from './load-document.ts';
import { SpecLoadError } from './spec-load-error.ts';
import type { ApiValidator, HttpRequestShape } from './types.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const build = async (api: Parameters<typeof buildApiValidator>[0], name: string): Promise<ApiValidator> =>
  buildApiValidator(api, await loadDocument(fixture(name)));

const ACCOUNT = '5b26b598-a880-4e32-8c41-126aa0206857';
const HEADERS = { 'x-api-key': 'fixture-api-key', authorization: 'Bearer a.b.c', 'content-type': 'application/json' };

function statement(transactions: number, patch: (transaction: Record<string, unknown>) => void = () => {}): unknown {
  return {
    data: {
      principalId: ACCOUNT,
      bankId: '10aaeee6-4691-4443-8198-df39aaa8007c',
      expected: { transactionDetailsCount: transactions, accountDetailsCount: 1, transactionCreditSum: 0, transactionDebitSum: 0 },
      accountDetails: [{ bankAccountId: ACCOUNT, status: 'active', balances: { ledgerBalance: 0, ledgerBalanceDate: '2019-11-24T12:00:00.000Z' } }],
      transactionDetails: Array.from({ length: transactions }, (_, index) => {
        const transaction: Record<string, unknown> = {
          uniqueId: `uid-${index}`,
          bankAccountId: ACCOUNT,
          transactionAmount: 100,
          transactionType: 'CREDIT',
          transactionStatus: 'posted',
          datePosted: '2019-11-02T23:00:12.000Z',
        };
        patch(transaction);
        return transaction;
      }),
    },
  };
}

const postStatement = (body: unknown, headers: HttpRequestShape['headers'] = HEADERS): HttpRequestShape => ({
  method: 'POST',
  path: '/v1/statements',
  headers,
  body,
});
const brief = (outcome: { findings: readonly { location: string; pointer: string; keyword: string }[] }) =>
  outcome.findings.map((finding) => `${finding.location} ${finding.pointer} ${finding.keyword}`);

describe('buildApiValidator: the Provider API fixture', () => {
  let provider: ApiValidator;
  beforeAll(async () => {
    provider = await build('provider-api', 'set/provider-api.yaml');
  });

  it('describes the document it was built from', () => {
    expect(provider.api).toBe('provider-api');
    expect(provider.title).toBe('Fixture Provider API');
    expect(provider.version).toBe('0.0.1-fixture');
    expect(provider.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(provider.source).toBe(fixture('set/provider-api.yaml'));
    expect(provider.operationIds).toEqual(['postStatement', 'getStatement', 'listBanks', 'postBanks']);
    expect(Object.isFrozen(provider.operationIds)).toBe(true);
  });

  it('routes by method, in any case, and path', () => {
    expect(provider.matchOperation('post', '/v1/statements')).toBe('postStatement');
    expect(provider.matchOperation('GET', '/v1/statements/36aed119-675f-4507-9da3-06a5914d95ee')).toBe('getStatement');
    expect(provider.matchOperation('GET', '/v1/banks')).toBe('listBanks');
    expect(provider.matchOperation('PUT', '/v1/banks')).toBeUndefined();
    expect(provider.matchOperation('GET', '/v2/banks')).toBeUndefined();
  });

  it('passes a valid statement, routed or named', () => {
    const routed = provider.validateRequest(postStatement(statement(3)));
    expect(routed).toEqual({ operationId: 'postStatement', valid: true, findings: [] });
    expect(provider.validateRequest(postStatement(statement(3)), 'postStatement').valid).toBe(true);
  });

  it('enforces formats (date-time, uuid) and reports the exact field', () => {
    const outcome = provider.validateRequest(
      postStatement(
        statement(2, (transaction) => {
          if (transaction['uniqueId'] === 'uid-1') {
            transaction['datePosted'] = '02/11/2019';
            transaction['bankAccountId'] = 'account-1';
          }
        }),
      ),
    );
    expect(outcome.valid).toBe(false);
    expect(outcome.findings).toEqual([
      { location: 'body', pointer: '/data/transactionDetails/1/bankAccountId', message: 'must match format "uuid"', keyword: 'format' },
      { location: 'body', pointer: '/data/transactionDetails/1/datePosted', message: 'must match format "date-time"', keyword: 'format' },
    ]);
  });

  it('names a missing required field by its own pointer, and spells out allowed values', () => {
    const outcome = provider.validateRequest(
      postStatement(
        statement(1, (transaction) => {
          delete transaction['transactionType'];
          transaction['transactionStatus'] = 'pending';
        }),
      ),
    );
    expect(outcome.findings).toEqual([
      { location: 'body', pointer: '/data/transactionDetails/0/transactionType', message: "must have required property 'transactionType'", keyword: 'required' },
      { location: 'body', pointer: '/data/transactionDetails/0/transactionStatus', message: 'must be equal to one of the allowed values: posted', keyword: 'enum' },
    ]);
  });

  it('compiles schemas that carry x-policy, and enforces the value they hold', () => {
    expect(provider.validateRequest(postStatement(statement(1000))).valid).toBe(true);
    expect(brief(provider.validateRequest(postStatement(statement(1001))))).toEqual(['body /data/transactionDetails maxItems']);
  });

  it('checks headers case-insensitively', () => {
    const shouted = { 'X-API-KEY': 'fixture-api-key', AUTHORIZATION: 'Bearer a.b.c' };
    expect(provider.validateRequest(postStatement(statement(1), shouted)).valid).toBe(true);
    expect(brief(provider.validateRequest(postStatement(statement(1), { Authorization: 'Basic abc' })))).toEqual([
      'header /x-api-key required',
      'header /authorization pattern',
    ]);
    const repeated = { 'x-api-key': ['fixture-api-key'], authorization: 'Bearer a.b.c', 'x-unused': undefined };
    expect(provider.validateRequest(postStatement(statement(1), repeated)).valid).toBe(true);
  });

  it('says plainly that the body is missing', () => {
    expect(provider.validateRequest(postStatement(undefined)).findings).toEqual([
      { location: 'body', pointer: '', message: 'the request body is required', keyword: 'required' },
    ]);
  });

  it('checks query parameters: coerced from text, wrapped into arrays, undocumented ones refused', () => {
    const request = (query: HttpRequestShape['query']): HttpRequestShape => ({ method: 'GET', path: '/v1/banks', headers: HEADERS, query });
    expect(provider.validateRequest(request({ limit: '50', country: 'GBR' })).valid).toBe(true);
    expect(provider.validateRequest(request({ country: ['GBR', 'IRL'] })).valid).toBe(true);
    expect(provider.validateRequest(request({ limit: '500', country: 'USA', colour: 'red' })).findings).toEqual([
      { location: 'query', pointer: '/colour', message: 'is not a documented query parameter', keyword: 'additionalProperties' },
      { location: 'query', pointer: '/limit', message: 'must be <= 100', keyword: 'maximum' },
      { location: 'query', pointer: '/country/0', message: 'must be equal to one of the allowed values: GBR, IRL, FRA', keyword: 'enum' },
    ]);
  });

  it('checks path parameters', () => {
    const outcome = provider.validateRequest({ method: 'GET', path: '/v1/statements/statement-1', headers: HEADERS });
    expect(outcome.operationId).toBe('getStatement');
    expect(outcome.findings).toEqual([{ location: 'path', pointer: '/statementId', message: 'must match format "uuid"', keyword: 'format' }]);
  });

  it('enforces email and uri formats', () => {
    const bank = (contactEmail: string, website: string): HttpRequestShape => ({
      method: 'POST',
      path: '/v1/banks',
      headers: HEADERS,
      body: { toUpdate: [{ principalId: ACCOUNT, name: 'Bank', contactEmail, website }] },
    });
    expect(provider.validateRequest(bank('help@bank.example', 'https://bank.example/')).valid).toBe(true);
    expect(brief(provider.validateRequest(bank('help-at-bank', 'bank.example')))).toEqual([
      'body /toUpdate/0/contactEmail format',
      'body /toUpdate/0/website format',
    ]);
  });

  it('answers an unknown operation with one finding, whichever way it is named', () => {
    const named = provider.validateRequest(postStatement(statement(1)), 'postStatements');
    expect(named).toEqual({
      operationId: undefined,
      valid: false,
      findings: [{ location: 'operation', pointer: '', message: 'operationId "postStatements" is not an operation of Fixture Provider API', keyword: 'unknown-operation' }],
    });
    expect(provider.validateRequest({ method: 'GET', path: '/v1/nothing' }).findings).toEqual([
      { location: 'operation', pointer: '', message: 'no operation of Fixture Provider API matches GET /v1/nothing', keyword: 'unknown-operation' },
    ]);
    expect(provider.validateRequest({ method: 'delete', path: '/v1/banks' }).findings).toEqual([
      { location: 'operation', pointer: '', message: 'DELETE is not documented for /v1/banks in Fixture Provider API', keyword: 'unknown-operation' },
    ]);
  });

  it('leaves the request as it was given (parameter validation coerces its own copy)', () => {
    const request = { method: 'GET', path: '/v1/banks', headers: { ...HEADERS }, query: { limit: '50', country: 'GBR' } };
    const before = structuredClone(request);
    provider.validateRequest(request);
    expect(request).toEqual(before);
  });

  it('validates a response by its documented status: exact code, then range, then default', () => {
    const created = { data: { _id: '36aed119-675f-4507-9da3-06a5914d95ee', status: 'accepted' } };
    expect(provider.validateResponse('postStatement', 201, created).valid).toBe(true);
    expect(brief(provider.validateResponse('postStatement', 201, { data: { _id: 'x', status: 'accepted' } }))).toEqual(['body /data/_id format']);
    expect(brief(provider.validateResponse('postStatement', 409, {}))).toEqual(['body /message required']);
    expect(provider.validateResponse('postStatement', 409, { message: 'duplicate uniqueId' }).valid).toBe(true);
    // 200 is documented without a body: the default response's schema does not apply to it.
    expect(provider.validateResponse('postBanks', 200, { anything: true }).valid).toBe(true);
    expect(brief(provider.validateResponse('postBanks', 503, {}))).toEqual(['body /message required']);
    expect(provider.validateResponse('getStatement', 404, undefined).valid).toBe(true);
  });

  it('makes an undocumented status a finding, never a pass', () => {
    expect(provider.validateResponse('getStatement', 500, { message: 'boom' })).toEqual({
      operationId: 'getStatement',
      valid: false,
      findings: [{ location: 'status', pointer: '', message: 'status 500 is not documented for getStatement (documented: 200, 404)', keyword: 'undocumented-status' }],
    });
    expect(brief(provider.validateResponse('postStatement', 302, undefined))).toEqual(['status  undocumented-status']);
  });

  it('checks documented response headers when they are given, whatever their case', () => {
    expect(provider.validateResponse('postStatement', 429, undefined, { 'Retry-After': '5' }).valid).toBe(true);
    expect(provider.validateResponse('postStatement', 429, undefined).valid).toBe(true);
    expect(provider.validateResponse('postStatement', 429, undefined, { 'X-Request-Id': 'r-1' }).findings).toEqual([
      { location: 'header', pointer: '/retry-after', message: "must have required property 'retry-after'", keyword: 'required' },
      { location: 'header', pointer: '/x-request-id', message: 'must match format "uuid"', keyword: 'format' },
    ]);
  });

  it('answers a response for an unknown operation with one finding', () => {
    expect(brief(provider.validateResponse('nope', 200, {}))).toEqual(['operation  unknown-operation']);
  });
});

describe('buildApiValidator: cost per call', () => {
  afterEach(() => vi.restoreAllMocks());

  it('compiles nothing when validating, valid or not (everything is compiled at build time)', async () => {
    const compile = vi.spyOn(Ajv.prototype, 'compile');
    const provider = await build('provider-api', 'set/provider-api.yaml');
    const connector = await build('connector-api', 'set/connector-api.yml');
    // The spy sees openapi-backend's Ajv too: building compiled through it.
    expect(compile).toHaveBeenCalled();
    compile.mockClear();
    provider.validateRequest(postStatement(statement(2)));
    provider.validateRequest(postStatement(statement(2, (transaction) => delete transaction['uniqueId'])));
    provider.validateResponse('postStatement', 429, undefined, { 'retry-after': 'x' });
    connector.validateRequest({ method: 'POST', path: '/notification', headers: { authorization: 'Bearer t' }, body: { type: 'resourceCreated', resource: {} } });
    expect(compile).not.toHaveBeenCalled();
  });
});

describe('buildApiValidator: the Connector API fixture', () => {
  let connector: ApiValidator;
  beforeAll(async () => {
    connector = await build('connector-api', 'set/connector-api.yml');
  });
  const notify = (body: unknown): HttpRequestShape => ({ method: 'POST', path: '/hooks/provider-chosen', headers: { Authorization: 'Bearer t' }, body });

  it('validates a callback at a provider-chosen URL when the operationId is given', () => {
    const body = { type: 'resourceCreated', resource: { id: '36aed119-675f-4507-9da3-06a5914d95ee', type: 'authorisation', url: 'NA' } };
    expect(connector.validateRequest(notify(body), 'postNotification')).toEqual({ operationId: 'postNotification', valid: true, findings: [] });
    expect(connector.validateRequest(notify(body)).findings[0]?.keyword).toBe('unknown-operation');
  });

  it('reports a notification against the variant it was meant to be, not every variant', () => {
    const body = { type: 'resourceCreated', resource: { id: 'account-1', type: 'bankAccount' } };
    expect(connector.validateRequest(notify(body), 'postNotification').findings).toEqual([
      { location: 'body', pointer: '/additionalData', message: "must have required property 'additionalData'", keyword: 'required' },
      { location: 'body', pointer: '/resource/id', message: 'must match format "uuid"', keyword: 'format' },
    ]);
  });

  it('lists every variant’s type when the type matches none', () => {
    const body = { type: 'resourceUpdated', resource: { id: '36aed119-675f-4507-9da3-06a5914d95ee', type: 'bankAccount' }, additionalData: { externalId: 'e-1' } };
    expect(connector.validateRequest(notify(body), 'postNotification').findings).toEqual([
      { location: 'body', pointer: '/type', message: 'must be equal to one of the allowed values: resourceCreated, resourceDeleted', keyword: 'enum' },
    ]);
  });

  it('checks uri and uuid query parameters, and leaves an HTML page unchecked but a redirect’s Location required', () => {
    const query = { bank: 'b-1', authorisation_id: '36aed119-675f-4507-9da3-06a5914d95ee', redirect_uri: 'https://app.example/back', state: '0b035aef-9e1e-406e-9815-06409757f05e' };
    expect(connector.validateRequest({ method: 'GET', path: '/auth', query }).valid).toBe(true);
    expect(brief(connector.validateRequest({ method: 'GET', path: '/auth', query: { ...query, redirect_uri: '/back', state: 'abc' } }))).toEqual([
      'query /redirect_uri format',
      'query /state format',
    ]);
    expect(connector.validateResponse('getAuth', 200, '<html><body>Sign in</body></html>', { 'content-type': 'text/html' }).valid).toBe(true);
    expect(connector.validateResponse('getAuth', 302, undefined, { location: 'https://app.example/back?state=x' }).valid).toBe(true);
    expect(brief(connector.validateResponse('getAuth', 302, undefined, {}))).toEqual(['header /location required']);
    expect(connector.validateResponse('postNotification', 204, undefined).valid).toBe(true);
    expect(brief(connector.validateResponse('postNotification', 500, undefined))).toEqual(['status  undocumented-status']);
  });

  it('checks a JSON array response', () => {
    expect(connector.validateResponse('getAvailableAccounts', 200, [{ accountType: 'business', accountName: 'A', externalId: 'e-1' }]).valid).toBe(true);
    expect(connector.validateResponse('getAvailableAccounts', 200, [{ accountType: 'cheque', accountName: 'A', externalId: 'e-1' }]).findings).toEqual([
      {
        location: 'body',
        pointer: '/0/accountType',
        message: 'must be equal to one of the allowed values: business, savings, loan, creditCard, corporate, personal',
        keyword: 'enum',
      },
    ]);
    expect(brief(connector.validateResponse('getAvailableAccounts', 200, undefined))).toEqual(['body  type']);
  });
});

describe('buildApiValidator: other documents', () => {
  it('validates the form body of an operation converted from Swagger 2.0', async () => {
    const sageId = await build('sage-id', 'set/sage-id.json');
    const token = (body: unknown): HttpRequestShape => ({ method: 'POST', path: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(sageId.validateRequest(token({ grant_type: 'client_credentials', client_id: 'c', client_secret: 's' })).valid).toBe(true);
    expect(brief(sageId.validateRequest(token({ grant_type: 'password', client_id: 'c' })))).toEqual([
      'body /client_secret required',
      'body /grant_type enum',
    ]);
    expect(brief(sageId.validateResponse('postToken', 200, { access_token: 'a', token_type: 'bearer', expires_in: 0 }))).toEqual([
      'body /token_type enum',
      'body /expires_in minimum',
    ]);
  });

  it('compiles a recursive schema and a document whose $refs reach a sibling file', async () => {
    const consumer = await build('consumer-api', 'set/consumer-api.yaml');
    expect(consumer.validateResponse('listBankAccounts', 200, [{ name: 'a', children: [{ name: 'b', children: [] }] }]).valid).toBe(true);
    expect(brief(consumer.validateResponse('listBankAccounts', 200, [{ name: 'a', children: [{ children: [] }] }]))).toEqual(['body /0/children/0/name required']);
    const payments = await build('provider-api', 'external-ref/api.yaml');
    expect(brief(payments.validateRequest({ method: 'POST', path: '/payments', body: { amount: 1, currency: 'gbp', bookedAt: 'today' } }))).toEqual([
      'body /currency pattern',
      'body /bookedAt format',
    ]);
  });

  it('refuses, at load, a schema Ajv cannot compile, naming the operation', async () => {
    const loaded = await loadDocument(fixture('broken/uncompilable.yaml'));
    expect(() => buildApiValidator('provider-api', loaded)).toThrow(SpecLoadError);
    expect(() => buildApiValidator('provider-api', loaded)).toThrow(
      /uncompilable\.yaml: cannot compile the request schemas of postThing: "nullable" cannot be used without "type"$/,
    );
  });
});
