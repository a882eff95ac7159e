import { describe, expect, it } from 'vitest';
import { createRawAjv } from './ajv-setup.ts';
import { decycleSchema } from './decycle-schema.ts';

describe('decycleSchema', () => {
  it('turns a recursive schema (an object cycle after dereferencing) into a $ref Ajv can compile', () => {
    const category: Record<string, unknown> = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } };
    (category['properties'] as Record<string, unknown>)['children'] = { type: 'array', items: category };
    const copy = decycleSchema(category) as any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads a deep untyped tree
    expect(copy.properties.children.items).toEqual({ $ref: '#' });
    const validate = createRawAjv().compile(copy);
    expect(validate({ name: 'a', children: [{ name: 'b', children: [] }] })).toBe(true);
    expect(validate({ name: 'a', children: [{ children: [] }] })).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/children/0');
  });

  it('points shared schemas at their first place with escaped, URI-encoded tokens, and leaves the input alone', () => {
    const shared = { type: 'string', format: 'uuid' };
    const schema = { properties: { 'a/b c': shared, other: shared } };
    const copy = decycleSchema(schema) as any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads a deep untyped tree
    expect(copy.properties.other).toEqual({ $ref: '#/properties/a~1b%20c' });
    expect(schema.properties.other).toBe(shared);
    const validate = createRawAjv().compile({ type: 'object', ...copy });
    expect(validate({ other: 'not-a-uuid' })).toBe(false);
    expect(validate({ other: '36aed119-675f-4507-9da3-06a5914d95ee' })).toBe(true);
  });
});
