import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { createRawAjv } from './ajv-setup.ts';
import { findingsFrom, placeIn, placeOfRequestError } from './findings.ts';

function errorsOf(schema: object, data: unknown): ErrorObject[] {
  const validate = createRawAjv().compile(schema);
  expect(validate(data)).toBe(false);
  return [...(validate.errors ?? [])];
}

/** The shape openapi-backend validates a request as: `{ requestBody }` and `{ path, query, header }`. */
const requestSchema = {
  type: 'object',
  required: ['requestBody'],
  properties: {
    requestBody: {
      type: 'object',
      required: ['data'],
      properties: {
        data: {
          type: 'object',
          required: ['status', 'a/b'],
          properties: { status: { type: 'string', enum: ['success', 'failure'] }, kind: { const: 'statement' } },
        },
      },
    },
    path: { type: 'object', properties: { statementId: { type: 'string', format: 'uuid' } } },
    query: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer' } } },
    header: { type: 'object', required: ['x-api-key'], properties: { 'x-api-key': { type: 'string' } } },
  },
};

describe('findingsFrom', () => {
  it('places each error in its part of the request, the missing property named in the pointer', () => {
    const errors = errorsOf(requestSchema, {
      requestBody: { data: { status: 'done', kind: 'other' } },
      path: { statementId: 'x' },
      query: { limit: 1, colour: 'red' },
      header: {},
    });
    const findings = findingsFrom(errors, placeOfRequestError);
    expect(findings).toHaveLength(6);
    expect(findings).toEqual(
      expect.arrayContaining([
        { location: 'body', pointer: '/data/status', message: 'must be equal to one of the allowed values: success, failure', keyword: 'enum' },
        { location: 'body', pointer: '/data/a~1b', message: "must have required property 'a/b'", keyword: 'required' },
        { location: 'body', pointer: '/data/kind', message: 'must be equal to constant: statement', keyword: 'const' },
        { location: 'path', pointer: '/statementId', message: 'must match format "uuid"', keyword: 'format' },
        { location: 'query', pointer: '/colour', message: 'is not a documented query parameter', keyword: 'additionalProperties' },
        { location: 'header', pointer: '/x-api-key', message: "must have required property 'x-api-key'", keyword: 'required' },
      ]),
    );
  });

  it('says plainly when the request body is missing', () => {
    const errors = errorsOf({ type: 'object', required: ['requestBody'] }, {});
    expect(findingsFrom(errors, placeOfRequestError)).toEqual([
      { location: 'body', pointer: '', message: 'the request body is required', keyword: 'required' },
    ]);
  });

  it('deduplicates identical findings', () => {
    const errors = errorsOf({ type: 'object', required: ['a'] }, {});
    expect(findingsFrom([...errors, ...errors], placeIn('body'))).toHaveLength(1);
  });

  it('places response errors in the part it is told', () => {
    const errors = errorsOf({ type: 'object', properties: { 'retry-after': { type: 'integer' } }, additionalProperties: false }, { 'retry-after': 'soon', extra: '1' });
    expect(findingsFrom(errors, placeIn('header')).map((finding) => `${finding.location} ${finding.pointer} ${finding.keyword}`)).toEqual([
      'header /extra additionalProperties',
      'header /retry-after type',
    ]);
  });
});
