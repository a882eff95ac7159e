import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDocument, validateAndDereference } from './load-document.ts';
import { readSpecFile } from './read-spec-file.ts';
import { SpecLoadError } from './spec-load-error.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** The request body schema of an operation in a dereferenced document. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read deep, untyped OpenAPI trees
const bodySchemaOf = (document: any, path: string, method: string): any => document.paths[path][method].requestBody.content['application/json'].schema;

async function loadError(file: string): Promise<SpecLoadError> {
  const error = await loadDocument(file).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SpecLoadError);
  const message = (error as SpecLoadError).message;
  expect(message.startsWith(`${file}: `)).toBe(true);
  expect(message).not.toContain('\n');
  expect(message).not.toMatch(/\s+at\s+\S+ \(/);
  return error as SpecLoadError;
}

describe('loadDocument', () => {
  it('validates and dereferences an OpenAPI 3.0 document, with its digest', async () => {
    const loaded = await loadDocument(fixture('set/provider-api.yaml'));
    expect(loaded.sourceFormat).toBe('openapi-3');
    expect(loaded.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const statement = bodySchemaOf(loaded.document, '/v1/statements', 'post');
    expect(statement.$ref).toBeUndefined();
    expect(statement.properties.data.properties.transactionDetails.maxItems).toBe(1000);
    expect(statement.properties.data.properties.transactionDetails['x-policy']).toBe('statement-batch-limit');
  });

  it('converts Swagger 2.0 to OpenAPI 3 after validating it as 2.0', async () => {
    const loaded = await loadDocument(fixture('set/sage-id.json'));
    expect(loaded.sourceFormat).toBe('swagger-2.0');
    expect(String(loaded.document.openapi)).toMatch(/^3\.0\./);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read deep, untyped OpenAPI trees
    const token = (loaded.document.paths as any)['/oauth/token'].post;
    expect(token.responses['200'].content['application/json'].schema.properties.token_type.enum).toEqual(['Bearer']);
  });

  it('follows $refs to files inside the document folder', async () => {
    const loaded = await loadDocument(fixture('external-ref/api.yaml'));
    expect(bodySchemaOf(loaded.document, '/payments', 'post').required).toEqual(['amount', 'currency', 'bookedAt']);
  });

  it('hands swagger-parser a clone: validate() dereferences its input in place', async () => {
    const file = fixture('set/provider-api.yaml');
    const { parsed } = await readSpecFile(file);
    const before = structuredClone(parsed);
    const validated = (await validateAndDereference(file, file, dirname(file), parsed, 'OpenAPI document')) as typeof parsed;
    expect(parsed).toEqual(before);
    expect(bodySchemaOf(parsed, '/v1/statements', 'post')).toEqual({ $ref: '#/components/schemas/StatementRequest' });
    expect(bodySchemaOf(validated, '/v1/statements', 'post').$ref).toBeUndefined();
  });

  it('names the file and the problem for an invalid document', async () => {
    const error = await loadError(fixture('broken/invalid-document.yaml'));
    expect(error.message).toMatch(/invalid OpenAPI document: .*#\/paths\/~1things\/get must have required property 'responses'/);
    expect(error.message).not.toMatch(/required property '\$ref'/);
  });

  it('validates Swagger 2.0 as 2.0, so the problem reads in the terms of the file', async () => {
    const error = await loadError(fixture('broken/invalid-swagger2.json'));
    expect(error.message).toMatch(/invalid Swagger 2\.0 document: .*parameters\/0\/type must be equal to one of the allowed values/);
  });

  it('reports broken $refs: a missing target, a missing file', async () => {
    expect((await loadError(fixture('broken/bad-ref.yaml'))).message).toMatch(/broken \$ref: .*"#\/components\/schemas\/Missing"/);
    expect((await loadError(fixture('broken/missing-file-ref.yaml'))).message).toMatch(/broken \$ref: .*nowhere\.yaml/);
  });

  it('refuses a $ref that leaves the document folder, even to a file that exists', async () => {
    const error = await loadError(fixture('broken/escaping-ref.yaml'));
    expect(error.message).toMatch(/broken \$ref: Unable to resolve \$ref pointer .*set\/provider-api\.yaml.*only files inside .*broken are read/);
  });

  it('needs a unique operationId on every operation', async () => {
    expect((await loadError(fixture('broken/no-operation-id.yaml'))).message).toMatch(/GET \/things has no operationId/);
    expect((await loadError(fixture('broken/duplicate-operation-id.yaml'))).message).toMatch(
      /operationId "things" is used by both GET \/things and GET \/other-things/,
    );
  });

  it('refuses a YAML file that is no spec, unparseable YAML and a missing file', async () => {
    expect((await loadError(fixture('broken/not-a-spec.yaml'))).message).toMatch(/not an OpenAPI or Swagger document/);
    expect((await loadError(fixture('broken/unparseable.yaml'))).message).toMatch(/not valid YAML/);
    expect((await loadError(fixture('broken/absent.yaml'))).message).toMatch(/: file not found$/);
  });

  it('rewrites OpenAPI 3.0 boolean exclusive bounds so the schema compiles', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'spec-loader-bounds-'));
    try {
      const file = join(folder, 'api.yaml');
      writeFileSync(
        file,
        [
          'openapi: 3.0.3',
          'info: {title: Bounds, version: 1.0.0}',
          'paths:',
          '  /x:',
          '    post:',
          '      operationId: postX',
          '      requestBody:',
          '        content:',
          '          application/json:',
          '            schema: {type: number, minimum: 0, exclusiveMinimum: true}',
          '      responses:',
          "        '204': {description: Done.}",
        ].join('\n'),
      );
      const loaded = await loadDocument(file);
      expect(bodySchemaOf(loaded.document, '/x', 'post')).toEqual({ type: 'number', exclusiveMinimum: 0 });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('loadDocument and URLs', () => {
  let server: Server;
  let requests = 0;
  let folder: string;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      requests += 1;
      response.setHeader('content-type', 'application/json');
      response.end('{"type": "string"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    folder = mkdtempSync(join(tmpdir(), 'spec-loader-http-'));
  });

  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  });

  it('never fetches a $ref URL, even one that would answer', async () => {
    const { port } = server.address() as AddressInfo;
    const file = join(folder, 'api.yaml');
    writeFileSync(
      file,
      [
        'openapi: 3.0.3',
        'info: {title: Remote ref, version: 1.0.0}',
        'paths:',
        '  /x:',
        '    post:',
        '      operationId: postX',
        '      requestBody:',
        '        content:',
        '          application/json:',
        `            schema: {$ref: 'http://127.0.0.1:${port}/schema.json'}`,
        '      responses:',
        "        '204': {description: Done.}",
      ].join('\n'),
    );
    const error = await loadError(file);
    expect(error.message).toMatch(/broken \$ref: Unable to resolve \$ref pointer "http:\/\/127\.0\.0\.1:\d+\/schema\.json".*no URL is fetched/);
    expect(requests).toBe(0);
  });
});
