import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, jsonlLines, recordDigests, sha256Of } from './digests.ts';

describe('digests', () => {
  it('spells SHA-256 as the kit does everywhere', () => {
    expect(sha256Of('abc')).toBe(`sha256:${createHash('sha256').update('abc').digest('hex')}`);
  });

  it('canonical JSON sorts keys at every level and drops undefined, so equal values hash equal', () => {
    expect(canonicalJson({ b: { d: 1, c: [2, { f: undefined, e: 'x' }] }, a: null })).toBe('{"a":null,"b":{"c":[2,{"e":"x"}],"d":1}}');
    expect(sha256Of(canonicalJson({ x: 1, y: 2 }))).toBe(sha256Of(canonicalJson({ y: 2, x: 1 })));
  });

  it('gives one short digest per JSONL line, the trailing newline not counting as a line', () => {
    expect(jsonlLines('{"a":1}\n{"a":2}\n')).toEqual(['{"a":1}', '{"a":2}']);
    expect(jsonlLines('')).toEqual([]);
    const digests = recordDigests('{"a":1}\n{"a":2}\n');
    expect(digests).toEqual([createHash('sha256').update('{"a":1}').digest('hex').slice(0, 16), createHash('sha256').update('{"a":2}').digest('hex').slice(0, 16)]);
  });
});
