import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { AJV_OPTIONS, createRawAjv, customizeAjv } from './ajv-setup.ts';
import type { ValidationContext } from 'openapi-backend';

describe('ajv-setup', () => {
  it('enforces the formats the Sage documents use', () => {
    const validate = createRawAjv().compile({
      type: 'object',
      properties: {
        when: { type: 'string', format: 'date-time' },
        id: { type: 'string', format: 'uuid' },
        email: { type: 'string', format: 'email' },
        site: { type: 'string', format: 'uri' },
      },
    });
    expect(validate({ when: '2019-11-24T12:00:00.000Z', id: '36aed119-675f-4507-9da3-06a5914d95ee', email: 'a@b.example', site: 'https://x.example/y' })).toBe(true);
    expect(validate({ when: '24/11/2019', id: 'uid-1', email: 'nobody', site: 'not a uri' })).toBe(false);
    expect(validate.errors?.map((error) => error.instancePath).sort()).toEqual(['/email', '/id', '/site', '/when']);
  });

  it('adds ajv-formats through the hook openapi-backend calls', () => {
    const ajv = customizeAjv(new Ajv({ ...AJV_OPTIONS }), {}, 'requestBodyValidator' as ValidationContext);
    expect(ajv.compile({ type: 'string', format: 'uuid' })('nope')).toBe(false);
  });

  it('compiles schemas carrying x- keywords and OpenAPI-only keywords', () => {
    const validate = createRawAjv().compile({
      type: 'array',
      maxItems: 2,
      'x-policy': 'statement-batch-limit',
      example: [1],
      items: { type: 'integer', xml: { name: 'n' } },
    });
    expect(validate([1, 2])).toBe(true);
    expect(validate([1, 2, 3])).toBe(false);
  });

  it('reports every error and the schema node behind each', () => {
    const validate = createRawAjv().compile({ type: 'object', required: ['a', 'b'] });
    validate({});
    expect(validate.errors).toHaveLength(2);
    expect(validate.errors?.[0]?.parentSchema).toEqual({ type: 'object', required: ['a', 'b'] });
  });
});
