import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { createRawAjv } from './ajv-setup.ts';
import { decycleSchema } from './decycle-schema.ts';
import { indexCombinatorBranches, narrowCombinatorErrors, type BranchValidators } from './one-of-branches.ts';

const resourceId = { type: 'string', format: 'uuid' };
const variant = (type: string, resourceType: string, required: string[]) => ({
  type: 'object',
  required,
  properties: {
    type: { type: 'string', enum: [type] },
    resource: {
      type: 'object',
      required: ['id', 'type'],
      properties: { id: resourceId, type: { type: 'string', enum: [resourceType] } },
    },
    additionalData: { type: 'object', required: ['externalId'], properties: { externalId: { type: 'string' } } },
  },
});
/** Shaped like the Connector API notification: three variants told apart by type and resource.type, sharing schemas. */
const notification = {
  oneOf: [
    variant('resourceCreated', 'authorisation', ['type', 'resource']),
    variant('resourceCreated', 'bankAccount', ['type', 'resource', 'additionalData']),
    variant('resourceDeleted', 'bankAccount', ['type', 'resource', 'additionalData']),
  ],
};

function compile(): { validate: (data: unknown) => ErrorObject[]; branches: BranchValidators } {
  const ajv = createRawAjv();
  const validateFunction = ajv.compile(decycleSchema(notification) as object);
  const branches: BranchValidators = new WeakMap();
  indexCombinatorBranches(createRawAjv(), validateFunction.schema, branches);
  return { validate: (data) => (validateFunction(data) ? [] : [...(validateFunction.errors ?? [])]), branches };
}

const summary = (errors: readonly ErrorObject[]) => errors.map((error) => `${error.instancePath} ${error.keyword}`);

describe('narrowCombinatorErrors', () => {
  const { validate, branches } = compile();

  it('keeps only the errors of the variant whose discriminators match', () => {
    const errors = validate({ type: 'resourceCreated', resource: { type: 'bankAccount', id: 'not-a-uuid' } });
    expect(errors.length).toBeGreaterThan(4);
    expect(summary(narrowCombinatorErrors(errors, branches))).toEqual([' required', '/resource/id format']);
    expect(narrowCombinatorErrors(errors, branches)[0]?.params).toEqual({ missingProperty: 'additionalData' });
  });

  it('attributes an error in a schema shared by all variants to the right one', () => {
    const errors = validate({ type: 'resourceDeleted', resource: { type: 'bankAccount', id: 'x' }, additionalData: { externalId: 'e' } });
    expect(summary(narrowCombinatorErrors(errors, branches))).toEqual(['/resource/id format']);
  });

  it('lists every variant’s allowed values when no discriminator matches', () => {
    const errors = validate({ type: 'resourceUpdated', resource: { type: 'bankAccount', id: '36aed119-675f-4507-9da3-06a5914d95ee' }, additionalData: { externalId: 'e' } });
    const narrowed = narrowCombinatorErrors(errors, branches);
    expect(summary(narrowed)).toEqual(['/type enum']);
    expect(narrowed[0]?.params).toEqual({ allowedValues: ['resourceCreated', 'resourceDeleted'] });
  });

  it('prefers the variant of the right JSON type', () => {
    const ajv = createRawAjv();
    const validateFunction = ajv.compile({ oneOf: [{ type: 'string', minLength: 1 }, { type: 'object', required: ['a', 'b', 'c'] }] });
    const index: BranchValidators = new WeakMap();
    indexCombinatorBranches(createRawAjv(), validateFunction.schema, index);
    validateFunction({});
    expect(summary(narrowCombinatorErrors(validateFunction.errors ?? [], index))).toEqual([' required', ' required', ' required']);
  });

  it('leaves errors alone when several variants match, or without an index', () => {
    const ajv = createRawAjv();
    const validateFunction = ajv.compile({ oneOf: [{ type: 'object' }, { type: 'object', properties: { a: { type: 'string' } } }] });
    const index: BranchValidators = new WeakMap();
    indexCombinatorBranches(createRawAjv(), validateFunction.schema, index);
    validateFunction({ a: 'x' });
    expect(summary(narrowCombinatorErrors(validateFunction.errors ?? [], index))).toEqual([' oneOf']);
    const errors = validate({ type: 'resourceCreated', resource: { type: 'bankAccount', id: 'x' } });
    expect(narrowCombinatorErrors(errors, undefined)).toEqual(errors);
  });

  it('narrows nested combinators, outer first', () => {
    const schema = {
      type: 'object',
      properties: {
        item: {
          oneOf: [
            { type: 'object', required: ['kind', 'value'], properties: { kind: { enum: ['n'] }, value: { oneOf: [{ type: 'number' }, { type: 'string', format: 'date-time' }] } } },
            { type: 'object', required: ['kind', 'text'], properties: { kind: { enum: ['t'] }, text: { type: 'string' } } },
          ],
        },
      },
    };
    const ajv = createRawAjv();
    const validateFunction = ajv.compile(schema);
    const index: BranchValidators = new WeakMap();
    indexCombinatorBranches(createRawAjv(), validateFunction.schema, index);
    validateFunction({ item: { kind: 'n', value: 'yesterday' } });
    expect(summary(narrowCombinatorErrors(validateFunction.errors ?? [], index))).toEqual(['/item/value format']);
  });
});
