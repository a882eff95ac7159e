import { beforeAll, describe, expect, it } from 'vitest';
import type { CertificationRun } from '../../harness/run/run-certification.ts';
import { loadRequirementSet } from '../requirements/index.ts';
import { referenceRunWithPolicies, statusesOf, verdictOf } from './reference-run.ts';
import { securityFlow } from './security.flow.ts';

/**
 * The security checks under a policy other than the default. The clean run and every fault switch are in the
 * detection matrix (suites/checks/fault-matrix.test.ts); SEC-12 warns only when policy available-accounts-auth is
 * required, which no fault switch can show.
 */
const JUDGED = loadRequirementSet().requirements.filter((requirement) => /^(SEC|SPEC)-/.test(requirement.id)).map((requirement) => requirement.id);

describe('security flow on the reference connector', () => {
  let run: CertificationRun;

  beforeAll(async () => {
    run = await referenceRunWithPolicies({ 'available-accounts-auth': 'required' }, { flows: ['security', 'spec-conformance'], flowDrivers: [securityFlow] })();
  }, 120_000);

  it('warns on SEC-12 when policy available-accounts-auth is required, naming the unauthenticated call that got in', () => {
    expect(Object.fromEntries(Object.entries(statusesOf(run, JUDGED)).filter(([, status]) => status !== 'pass'))).toEqual({ 'SEC-12': 'warn' });
    expect(verdictOf(run, 'SEC-12').sentence).toMatch(/^x-\d{6}: GET \/availableaccounts without a Sage ID token answered 200; policy available-accounts-auth is required/);
  });
});
