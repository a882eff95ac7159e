import { describe, expect, it } from 'vitest';
import { ExampleManifestError, applyMutation, parseExampleManifest } from './example-manifest.ts';

const valid = {
  file: 'provider-api/postAccountQuery/request.json',
  api: 'provider-api',
  operationId: 'postAccountQuery',
  part: 'request',
  method: 'POST',
  path: '/v1/accountqueries',
  evidence: ['P-AQ'],
  section: '§6.5',
  mutations: [{ kind: 'missing-required', pointer: '/data/bankId' }],
};

const problemsOf = (raw: unknown): string => {
  try {
    parseExampleManifest(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ExampleManifestError);
    return (error as Error).message;
  }
  throw new Error('the manifest was accepted');
};

describe('parseExampleManifest', () => {
  it('accepts a well-formed entry and fills the defaults', () => {
    const [entry] = parseExampleManifest([valid]);
    expect(entry).toMatchObject({ expect: 'accepted', contentType: 'application/json', rejectedAt: [] });
    expect(Object.isFrozen(entry)).toBe(true);
  });

  it('refuses unknown keys, unknown tags and duplicates, listing every problem', () => {
    const message = problemsOf([
      { ...valid, evidence: ['P-STATEMENTS'], colour: 'red' },
      valid,
      valid,
    ]);
    expect(message).toContain('examples.json[0].colour: unknown key');
    expect(message).toContain('unknown evidence tag P-STATEMENTS');
    expect(message).toContain('is listed twice');
  });

  it('refuses a file outside its api/operationId folder', () => {
    expect(problemsOf([{ ...valid, file: 'provider-api/postStatement/request.json' }])).toContain('is not under provider-api/postAccountQuery/');
  });

  it('requires a rejected example to say why and where, and to carry no mutations', () => {
    const message = problemsOf([{ ...valid, expect: 'rejected' }]);
    expect(message).toContain('must say why');
    expect(message).toContain('must list the pointers');
    expect(message).toContain('carries no mutations');
  });

  it('requires mutations on an accepted example, and values exactly where they belong', () => {
    expect(problemsOf([{ ...valid, mutations: [] }])).toContain('an accepted example needs mutations');
    const message = problemsOf([
      {
        ...valid,
        mutations: [
          { kind: 'missing-required', pointer: '/data/bankId', value: 1 },
          { kind: 'wrong-type', pointer: '/data/bankId' },
          { kind: 'wrong-colour', pointer: 'data' },
        ],
      },
    ]);
    expect(message).toContain('takes no value');
    expect(message).toContain('wrong-type needs the replacement value');
    expect(message).toContain('.kind: must be one of');
    expect(message).toContain('must be a non-empty RFC 6901 pointer');
  });

  it('keeps request-only and response-only fields apart', () => {
    expect(problemsOf([{ ...valid, status: 200 }])).toContain('only responses have a status');
    expect(problemsOf([{ ...valid, part: 'response' }])).toContain('a response needs an HTTP status');
  });
});

describe('applyMutation', () => {
  const document = { data: { status: 'success', list: [{ id: 'a' }], 'a/b': 1 } };

  it('removes a property without touching the original', () => {
    expect(applyMutation(document, { kind: 'missing-required', pointer: '/data/status' })).toEqual({ data: { list: [{ id: 'a' }], 'a/b': 1 } });
    expect(document.data.status).toBe('success');
  });

  it('replaces a value, array elements and escaped tokens included', () => {
    expect(applyMutation(document, { kind: 'wrong-type', pointer: '/data/list/0/id', value: 7 })).toEqual({
      data: { status: 'success', list: [{ id: 7 }], 'a/b': 1 },
    });
    expect(applyMutation(document, { kind: 'wrong-type', pointer: '/data/a~1b', value: 'x' })).toMatchObject({ data: { 'a/b': 'x' } });
  });

  it('refuses pointers that name nothing, and replacements that change nothing', () => {
    expect(() => applyMutation(document, { kind: 'missing-required', pointer: '/data/nope' })).toThrow('nothing at "nope"');
    expect(() => applyMutation(document, { kind: 'wrong-type', pointer: '/data/list/1', value: 1 })).toThrow('nothing at "1"');
    expect(() => applyMutation(document, { kind: 'missing-required', pointer: '/data/list/0' })).toThrow('not an array element');
    expect(() => applyMutation(document, { kind: 'wrong-enum', pointer: '/data/status', value: 'success' })).toThrow('equals the example');
  });
});
