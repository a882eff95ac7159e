import { describe, expect, it } from 'vitest';
import { emptyContext } from './flow-test-context.ts';
import { reauthorisationFlow } from './reauthorisation.flow.ts';

// The clean run through both flows, with every step and every REAUTH requirement, is in posting.flow.test.ts.
describe('re-authorisation flow without onboarded accounts', () => {
  it('skips with the reason instead of failing', async () => {
    const skipped: [string, string][] = [];
    await reauthorisationFlow.run(emptyContext('reauthorisation', skipped));
    expect(skipped).toEqual([['reauthorise', expect.stringMatching(/^no onboarded bank account in this run/)]]);
  });
});
