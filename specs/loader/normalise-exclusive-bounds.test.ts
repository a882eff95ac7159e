import { describe, expect, it } from 'vitest';
import { createRawAjv } from './ajv-setup.ts';
import { normaliseExclusiveBounds } from './normalise-exclusive-bounds.ts';

describe('normaliseExclusiveBounds', () => {
  it('rewrites the OpenAPI 3.0 boolean form, which Ajv refuses to compile, into the numeric form', () => {
    const schema = {
      type: 'object',
      properties: {
        amount: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 10, exclusiveMaximum: false },
      },
    };
    expect(() => createRawAjv().compile(structuredClone(schema))).toThrow(/exclusiveMinimum must be number/);
    normaliseExclusiveBounds(schema);
    expect(schema.properties.amount).toEqual({ type: 'number', exclusiveMinimum: 0, maximum: 10 });
    const validate = createRawAjv().compile(schema);
    expect(validate({ amount: 0 })).toBe(false);
    expect(validate({ amount: 0.01 })).toBe(true);
    expect(validate({ amount: 10 })).toBe(true);
  });

  it('walks a cyclic document without looping', () => {
    const node: Record<string, unknown> = { type: 'number', minimum: 1, exclusiveMinimum: true };
    node['self'] = node;
    normaliseExclusiveBounds({ components: { schemas: { node } } });
    expect(node['exclusiveMinimum']).toBe(1);
    expect(node['minimum']).toBeUndefined();
  });
});
