import SwaggerParser from '@apidevtools/swagger-parser';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isPolicyId } from '../harness/policies/index.ts';
import { unknownEvidenceTagsIn } from '../harness/reference/evidence-tags.ts';
import { API_NAMES, bundledSpecPath, type ApiName } from './loader/index.ts';

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** The operations each document must carry: the reference's endpoints (§3.2, §5, §6, §7) and the kit's JWKS. */
const EXPECTED_OPERATIONS: Readonly<Record<ApiName, readonly string[]>> = {
  'connector-api': ['postNotification', 'getAuth', 'getAuthRefresh', 'getAvailableAccounts'],
  'provider-api': ['postBanks', 'patchAuthorisation', 'postStatement', 'getStatement', 'postAccountQuery'],
  'consumer-api': [
    'createOrganisation',
    'getAccessToken',
    'getBank',
    'startIndirectLinkAccount',
    'pollIndirectLinkAccount',
    'createBankAccount',
    'getBankAccount',
    'deleteBankAccount',
    'listAvailableBankAccounts',
    'linkAvailableBankAccount',
    'startIndirectAuth',
    'listTransactions',
  ],
  'sage-id': ['postToken', 'getJwks'],
};

type Json = Record<string, unknown>;
type OpenApiDocument = Exclude<Parameters<typeof SwaggerParser.validate>[0], string>;

const documents = Object.fromEntries(
  API_NAMES.map((api) => [api, parse(readFileSync(bundledSpecPath(api), 'utf8')) as Json]),
) as Record<ApiName, Json>;

function operationsOf(document: Json): Array<{ where: string; operation: Json }> {
  const found: Array<{ where: string; operation: Json }> = [];
  for (const [path, pathItem] of Object.entries(document['paths'] as Record<string, Json>)) {
    for (const [method, operation] of Object.entries(pathItem)) {
      if (HTTP_METHODS.has(method)) found.push({ where: `${method.toUpperCase()} ${path}`, operation: operation as Json });
    }
  }
  return found;
}

/** Every value under a given key anywhere in the document, with the JSON pointer of its holder. */
function valuesOf(node: unknown, key: string, pointer = ''): Array<{ pointer: string; value: unknown }> {
  if (node === null || typeof node !== 'object') return [];
  const found: Array<{ pointer: string; value: unknown }> = [];
  for (const [name, child] of Object.entries(node)) {
    const childPointer = `${pointer}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (name === key) found.push({ pointer, value: child });
    found.push(...valuesOf(child, key, childPointer));
  }
  return found;
}

describe.each(API_NAMES.map((api) => [api] as const))('%s', (api) => {
  const document = documents[api];

  it('is a valid OpenAPI 3.0.3 document', async () => {
    expect(document['openapi']).toBe('3.0.3');
    // validate() dereferences its argument in place: it only ever sees a clone.
    await expect(SwaggerParser.validate(structuredClone(document) as unknown as OpenApiDocument)).resolves.toBeDefined();
  });

  it('names every operation with a camelCase operationId, exactly the expected set', () => {
    const operations = operationsOf(document);
    for (const { where, operation } of operations) {
      expect(operation['operationId'], where).toMatch(/^[a-z][A-Za-z0-9]*$/);
    }
    expect(operations.map(({ operation }) => operation['operationId']).sort()).toEqual([...EXPECTED_OPERATIONS[api]].sort());
  });

  it('describes every operation with at least one evidence tag', () => {
    for (const { where, operation } of operationsOf(document)) {
      expect(String(operation['description'] ?? ''), where).toMatch(/\[[A-Z][A-Z0-9-]*\]/);
    }
  });

  it('cites only evidence tags the reference defines', () => {
    const texts = [...valuesOf(document, 'description'), ...valuesOf(document, 'summary')].filter(({ value }) => typeof value === 'string');
    expect(texts.length).toBeGreaterThan(0);
    const unknown = texts.flatMap(({ pointer, value }) => unknownEvidenceTagsIn(value as string).map((tag) => `${pointer}: [${tag}]`));
    expect(unknown).toEqual([]);
  });

  it('names only known policies in x-policy', () => {
    const unknown = valuesOf(document, 'x-policy').filter(({ value }) => typeof value !== 'string' || !isPolicyId(value));
    expect(unknown).toEqual([]);
  });

  it('says so wherever a response is the kit\'s choice rather than Sage\'s', () => {
    // Every response description either cites evidence, or names the kit contract, policy or judgement it follows.
    for (const { pointer, value } of valuesOf(document, 'responses')) {
      for (const [status, response] of Object.entries(value as Record<string, Json>)) {
        if (typeof response['$ref'] === 'string') continue;
        const description = String(response['description'] ?? '');
        expect(description, `${pointer}/responses/${status}`).toMatch(/\[[A-Z][A-Z0-9-]*\]|kit simulator contract|kit judgement|policy [a-z-]+/);
      }
    }
  });
});

describe('policies across the documents', () => {
  it('marks the schema nodes the brief and the policy catalogue name', () => {
    const used = new Set(API_NAMES.flatMap((api) => valuesOf(documents[api], 'x-policy').map(({ value }) => value)));
    for (const id of [
      'statement-batch-limit',
      'reauth-patch-accounts',
      'debit-sum-sign',
      'expected-block',
      'banks-body-shape',
      'country-code-format',
      'token-request-encoding',
      'statement-principal-id',
      'notification-success-status',
      'notification-rejection-status',
      'auth-redirect-kind',
      'authrefresh-bankaccount-parameter',
      'available-accounts-auth',
      'account-activation',
      'unique-id-scope',
      'ending-balance-field',
    ]) {
      expect(used, id).toContain(id);
    }
  });

  it('holds the loosest value of statement-batch-limit', () => {
    const provider = documents['provider-api'];
    const transactionDetails = valuesOf(provider, 'x-policy').find(({ value }) => value === 'statement-batch-limit');
    expect(transactionDetails?.pointer).toBe('/components/schemas/StatementData/properties/transactionDetails');
    const node = ((provider['components'] as Json)['schemas'] as Record<string, Json>)['StatementData']?.['properties'] as Record<string, Json>;
    expect(node['transactionDetails']?.['maxItems']).toBe(1000);
  });
});
