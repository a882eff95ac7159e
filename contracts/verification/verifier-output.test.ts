import { describe, expect, it } from 'vitest';
import type { PactInteraction } from './pact-file.ts';
import { outcomeOf, parseVerifierOutput } from './verifier-output.ts';

/** Pact's verifier JSON report as pact-core 19 returns it (trimmed from a real run). */
const REPORT = JSON.stringify({
  errors: [
    {
      interaction: 'Verifying a pact between spike-consumer and spike-provider Given an authorisation was announced - auth page',
      mismatch: { interactionId: '', mismatches: [{ actual: 500, expected: 200, mismatch: 'Expected status code 500 to be a 200, 302, 303', type: 'StatusMismatch' }], type: 'mismatches' },
    },
    { interaction: 'Verifying a pact between spike-consumer and spike-provider - broken request', mismatch: { type: 'error', message: 'error sending request: connection refused' } },
  ],
  interactionResults: [
    { description: 'a notification', duration: '103ms', result: 'OK' },
    { description: 'auth page', duration: '29ms', result: 'Error' },
    { description: 'broken request', duration: '1ms', result: 'Error' },
  ],
  notices: [{ text: 'a notice' }],
  output: ['…'],
  pendingErrors: [],
  result: false,
});

const interaction = (description: string, states: string[] = []): PactInteraction => ({ description, providerStates: states.map((name) => ({ name, params: {} })), kind: 'http', method: 'GET', path: '/' });

describe('parseVerifierOutput and outcomeOf', () => {
  const output = parseVerifierOutput(REPORT);

  it('reads the per-interaction results the single verification promise hides', () => {
    expect(output?.result).toBe(false);
    expect(output?.interactionResults.map((entry) => entry.description)).toEqual(['a notification', 'auth page', 'broken request']);
    expect(output?.notices).toEqual(['a notice']);
  });

  it("gives each interaction its status and Pact's own mismatch text", () => {
    const all = [interaction('a notification'), interaction('auth page', ['an authorisation was announced']), interaction('broken request'), interaction('never run')];
    expect(outcomeOf(output!, all[0]!, all)).toEqual({ status: 'passed', mismatches: [] });
    expect(outcomeOf(output!, all[1]!, all)).toEqual({ status: 'failed', mismatches: ['Expected status code 500 to be a 200, 302, 303'] });
    expect(outcomeOf(output!, all[2]!, all)).toEqual({ status: 'failed', mismatches: ['error sending request: connection refused'] });
    expect(outcomeOf(output!, all[3]!, all)).toEqual({ status: 'not-run', mismatches: [] });
  });

  it('tells two interactions with the same description apart by their provider states', () => {
    const twins = [interaction('auth page', ['an authorisation was announced']), interaction('auth page', ['another state'])];
    expect(outcomeOf(output!, twins[0]!, twins).status).toBe('failed');
    expect(outcomeOf(output!, twins[1]!, twins).status).toBe('passed');
  });

  it('does not take a description for the suffix of a longer one', () => {
    const all = [interaction('page')];
    expect(outcomeOf(output!, all[0]!, all).status).toBe('not-run');
  });

  it('returns undefined for anything that is not the verifier report, so the kit can say the verifier itself failed', () => {
    expect(parseVerifierOutput('Verification was unable to run')).toBeUndefined();
    expect(parseVerifierOutput('{"errors":[]}')).toBeUndefined();
  });
});
