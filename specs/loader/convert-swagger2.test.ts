import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { convertSwagger2 } from './convert-swagger2.ts';
import { readSpecFile } from './read-spec-file.ts';
import { SpecLoadError } from './spec-load-error.ts';

const file = fileURLToPath(new URL('./fixtures/set/sage-id.json', import.meta.url));

describe('convertSwagger2', () => {
  it('turns Swagger 2.0 into OpenAPI 3.0: formData becomes a form request body, definitions become components', async () => {
    const { parsed } = await readSpecFile(file);
    const before = JSON.stringify(parsed);
    const openapi = (await convertSwagger2(file, parsed)) as any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads a deep untyped tree
    expect(openapi.openapi).toMatch(/^3\.0\./);
    const token = openapi.paths['/oauth/token'].post;
    expect(token.operationId).toBe('postToken');
    const form = token.requestBody.content['application/x-www-form-urlencoded'].schema;
    expect(form.required).toEqual(['grant_type', 'client_id', 'client_secret']);
    expect(form.properties.grant_type.enum).toEqual(['client_credentials']);
    expect(token.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/Token');
    expect(openapi.components.schemas.Token.required).toContain('access_token');
    expect(JSON.stringify(parsed)).toBe(before);
  });

  it('refuses a document that is not Swagger 2.0, naming the file', async () => {
    const attempt = convertSwagger2(file, { swagger: '1.2', info: { title: 'old', version: '1' }, paths: {} });
    await expect(attempt).rejects.toBeInstanceOf(SpecLoadError);
    await expect(attempt).rejects.toThrow(/sage-id\.json: cannot convert Swagger 2\.0 to OpenAPI 3: .*1\.2/);
  });
});
