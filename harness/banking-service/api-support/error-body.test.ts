import { describe, expect, it } from 'vitest';
import { errorReply, findingEntry, violationEntry } from './error-body.ts';

describe('error bodies', () => {
  it('turn a rule violation into an entry a provider can act on', () => {
    const entry = violationEntry({ rule: 'batch-limit', anchors: ['R11'], evidence: ['P-STMT'], policy: 'statement-batch-limit', message: 'too many', pointer: '/data/transactionDetails' });
    expect(entry).toEqual({ code: 'batch-limit', message: 'too many', rule: 'batch-limit', evidence: ['P-STMT'], policy: 'statement-batch-limit', pointer: '/data/transactionDetails' });
  });

  it('turn a spec finding into a 400 entry naming the place', () => {
    expect(findingEntry({ location: 'body', pointer: '/data/status', message: 'must be equal to one of the allowed values: success', keyword: 'enum' })).toEqual({
      code: 'spec-enum',
      message: 'body /data/status: must be equal to one of the allowed values: success',
      pointer: '/data/status',
    });
    expect(errorReply(429, [{ code: 'c', message: 'm' }], { 'retry-after': '1' })).toEqual({ status: 429, json: { errors: [{ code: 'c', message: 'm' }] }, headers: { 'retry-after': '1' } });
  });
});
