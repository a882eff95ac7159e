import { describe, expect, it } from 'vitest';
import { parseBody } from './read-body.ts';

describe('parseBody', () => {
  it('parses JSON, forms and text by media type', () => {
    expect(parseBody(Buffer.from('{"a":1}'), 'application/json; charset=utf-8')).toEqual({ kind: 'json', value: { a: 1 } });
    expect(parseBody(Buffer.from('a=1&b=x+y'), 'application/x-www-form-urlencoded')).toEqual({ kind: 'form', value: { a: '1', b: 'x y' } });
    expect(parseBody(Buffer.from('hello'), 'text/plain')).toEqual({ kind: 'text', value: 'hello' });
    expect(parseBody(Buffer.alloc(0), 'application/json')).toEqual({ kind: 'none' });
  });

  it('reports JSON that does not parse instead of throwing', () => {
    const parsed = parseBody(Buffer.from('{"a":'), 'application/json');
    expect(parsed.kind).toBe('invalid-json');
  });
});
