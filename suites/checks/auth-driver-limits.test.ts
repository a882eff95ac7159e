import { describe, expect, it } from 'vitest';
import { beyondAuthDriver } from './auth-driver-limits.ts';
import { EvidenceBuilder } from './evidence-builder.ts';

describe('beyondAuthDriver', () => {
  it('makes a scenario the redirect driver cannot drive not applicable, saying why', () => {
    const built = new EvidenceBuilder().evidence();
    const evidence = { ...built, facts: { ...built.facts, authDriver: 'redirect' as const } };
    expect(beyondAuthDriver(evidence, 'fail-login')).toMatchObject({ status: 'not-applicable', sentence: expect.stringMatching(/cannot fail a login/) });
    expect(beyondAuthDriver(evidence, 'choose-user')).toMatchObject({ status: 'not-applicable', sentence: expect.stringMatching(/cannot choose the test user/) });
  });

  it('leaves the form and browser drivers to the check', () => {
    for (const authDriver of ['form', 'browser'] as const) {
      const evidence = new EvidenceBuilder().evidence();
      expect(beyondAuthDriver({ ...evidence, facts: { ...evidence.facts, authDriver } }, 'fail-login')).toBeUndefined();
    }
  });
});
