import { describe, expect, it } from 'vitest';
import { encodeRefToken, escapePointerToken } from './json-pointer.ts';

describe('json-pointer', () => {
  it('escapes ~ before / as RFC 6901 requires', () => {
    expect(escapePointerToken('a/b~c')).toBe('a~1b~0c');
    expect(escapePointerToken('~1')).toBe('~01');
  });

  it('URI-encodes a token for use inside a $ref fragment', () => {
    expect(encodeRefToken('application/json')).toBe('application~1json');
    expect(encodeRefToken('a b%')).toBe('a%20b%25');
  });
});
