import { describe, expect, it } from 'vitest';
import { possibleMutationKinds } from './possible-mutation-kinds.ts';

const sorted = (kinds: Set<string>): string[] => [...kinds].sort();

describe('possibleMutationKinds', () => {
  it('finds required, enum, type and format only where the example has a value', () => {
    const schema = {
      type: 'object',
      required: ['id'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        status: { type: 'string', enum: ['a', 'b'] },
      },
    };
    expect(sorted(possibleMutationKinds(schema, { id: '5b26b598-a880-4e32-8c41-126aa0206857', status: 'a' }))).toEqual([
      'missing-required',
      'wrong-enum',
      'wrong-format',
      'wrong-type',
    ]);
    // Without the optional enum field and with the required one absent, neither kind can be exercised.
    expect(sorted(possibleMutationKinds(schema, {}))).toEqual(['wrong-type']);
  });

  it('follows the oneOf branch the example matches, and array items', () => {
    const schema = {
      oneOf: [
        { type: 'object', required: ['kind'], properties: { kind: { enum: ['a'] }, at: { type: 'string', format: 'date-time' } } },
        { type: 'array', items: { type: 'object', required: ['n'], properties: { n: { type: 'number' } } } },
      ],
    };
    expect(sorted(possibleMutationKinds(schema, [{ n: 1 }]))).toEqual(['missing-required', 'wrong-type']);
    expect(sorted(possibleMutationKinds(schema, { kind: 'a', at: '2019-11-02T23:00:12.000Z' }))).toEqual([
      'missing-required',
      'wrong-enum',
      'wrong-format',
      'wrong-type',
    ]);
  });
});
