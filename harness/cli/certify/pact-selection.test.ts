import { describe, expect, it } from 'vitest';
import { selectPact } from './pact-selection.ts';

describe('selectPact: when certify verifies the webhook contract', () => {
  it('runs it when every flow runs, and with --only pact (alone: the contract after bank sync)', () => {
    expect(selectPact([], true)).toEqual({ only: [], request: { run: true }, contractOnly: false, problems: [] });
    expect(selectPact(['pact'], true)).toEqual({ only: [], request: { run: true }, contractOnly: true, problems: [] });
    expect(selectPact(['onboarding', 'pact'], true)).toEqual({ only: ['onboarding'], request: { run: true }, contractOnly: false, problems: [] });
  });

  it('skips it, saying why, with --no-pact or an --only that does not name it', () => {
    expect(selectPact([], false).request).toEqual({ run: false, reason: 'The webhook contract was not verified: --no-pact was given.' });
    expect(selectPact(['bank-sync'], true)).toMatchObject({ only: ['bank-sync'], request: { run: false, reason: expect.stringContaining('--only bank-sync does not name pact') } });
  });

  it('refuses --only pact together with --no-pact in one line', () => {
    expect(selectPact(['pact'], false).problems).toEqual(['certify: --only pact and --no-pact contradict each other; give one of them']);
  });
});
