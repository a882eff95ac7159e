import { beforeAll, describe, expect, it } from 'vitest';
import type { CertificationRun } from '../../harness/run/run-certification.ts';
import { loadRequirementSet } from '../requirements/index.ts';
import { certifyConcurrently, referenceRun, referenceRunWithPolicies, statusesOf, verdictOf } from './certify-concurrently.ts';
import { securityFlow } from './security.flow.ts';

/**
 * Proof both ways for the security and spec-conformance checks (docs/flows-and-checks.md): a clean run of every
 * flow passes them, and each fault switch makes exactly the requirements it targets fail or warn while the others
 * stay green. The runs go two at a time (certify-concurrently.ts).
 */
const ids = (prefix: string) => loadRequirementSet().requirements.filter((requirement) => requirement.id.startsWith(prefix)).map((requirement) => requirement.id);
const SECURITY = ids('SEC-');
const RESILIENCE = ids('RES-');
const SPEC = ids('SPEC-');
const JUDGED = [...SECURITY, ...SPEC];

/** Fault switch (or policy) → the requirements it must break, with the verdict (fail for MUST, warn for SHOULD). */
const CASES = {
  'skip-notification-auth': { 'SEC-01': 'fail', 'SEC-02': 'fail', 'SEC-03': 'fail' },
  'accept-unannounced-authorisation': { 'SEC-03': 'fail', 'SEC-04': 'fail' },
  'accept-replayed-authorisation': { 'SEC-05': 'fail' },
  'accept-expired-authorisation': { 'SEC-06': 'fail' },
  'crash-on-malformed-notification': { 'SEC-07': 'warn', 'SPEC-01': 'fail' },
  'non-idempotent-notifications': { 'SEC-08': 'warn' },
  'crash-on-unknown-notification': { 'SEC-09': 'warn', 'SPEC-01': 'fail' },
  'echo-headers-on-refusal': { 'SEC-10': 'fail' },
  'crash-on-refused-authorisation': { 'SPEC-02': 'fail' },
  'available-accounts-wrapped': { 'SPEC-03': 'fail' },
  // Banking Service refuses statements that break the spec, so the repeat of SEC-08 has no stored push to compare with.
  'two-account-details': { 'SPEC-06': 'fail', 'SEC-08': 'warn' },
  // Banking Service refuses the PATCH, so the kit's own onboarding fails and what depends on it is not observed.
  'patch-wrong-field-type': { 'SPEC-05': 'fail', 'SEC-05': 'fail', 'SEC-06': 'fail', 'SEC-08': 'warn', 'SEC-12': 'warn', 'SPEC-03': 'fail', 'SPEC-06': 'fail' },
} as const satisfies Record<string, Record<string, 'fail' | 'warn'>>;
type FaultCase = keyof typeof CASES;
const POLICY_CASE = 'available-accounts-auth=required';

const nonPassing = (run: CertificationRun, judged: readonly string[]) =>
  Object.fromEntries(Object.entries(statusesOf(run, judged)).filter(([, status]) => status !== 'pass'));

describe('security flow on the reference connector', () => {
  let runs: Record<FaultCase | 'clean' | typeof POLICY_CASE, CertificationRun>;

  beforeAll(async () => {
    const security = (fault: string) => referenceRun({ flows: ['security', 'spec-conformance'], flowDrivers: [securityFlow], faults: [fault] });
    const faultRuns = Object.fromEntries(Object.keys(CASES).map((fault) => [fault, security(fault)])) as Record<FaultCase, () => Promise<CertificationRun>>;
    runs = await certifyConcurrently(
      {
        clean: referenceRun({}),
        ...faultRuns,
        [POLICY_CASE]: referenceRunWithPolicies({ 'available-accounts-auth': 'required' }, { flows: ['security', 'spec-conformance'], flowDrivers: [securityFlow] }),
      },
      2,
    );
  }, 300_000);

  it('passes every security, resilience and spec-conformance requirement in a clean run of all flows; RES-03 is not applicable with 480-minute tokens', () => {
    const run = runs.clean;
    expect(run.evidence.steps.filter((step) => step.flow === 'security').map((step) => [step.step, step.status]).filter(([, status]) => status !== 'ok')).toEqual([]);
    expect(nonPassing(run, [...SECURITY, ...RESILIENCE, ...SPEC])).toEqual({ 'RES-03': 'not-applicable' });
    // 480-minute tokens cannot be outlived in a run: RES-03 says so instead of passing on missing evidence.
    expect(verdictOf(run, 'RES-03').sentence).toMatch(/lived 28800 s .* no token came near its expiry: renewal before expiry is observed only in a run whose Sage ID issues tokens of 30 s or less/);
    expect(verdictOf(run, 'SEC-12').sentence).toMatch(/^Reported only, policy available-accounts-auth is sent-not-required: the connector does not enforce/);
  });

  it.each(Object.keys(CASES) as FaultCase[])('fault switch %s breaks exactly its requirements', (fault) => {
    const run = runs[fault];
    expect(nonPassing(run, JUDGED)).toEqual(CASES[fault]);
    for (const id of Object.keys(CASES[fault])) {
      // Every sentence names an exchange or says why the evidence is missing.
      expect(verdictOf(run, id).sentence).toMatch(/x-\d{6}|Not observed/);
    }
  });

  it('warns on SEC-12 when policy available-accounts-auth is required, naming the unauthenticated call that got in', () => {
    const run = runs[POLICY_CASE];
    expect(nonPassing(run, JUDGED)).toEqual({ 'SEC-12': 'warn' });
    expect(verdictOf(run, 'SEC-12').sentence).toMatch(/^x-\d{6}: GET \/availableaccounts without a Sage ID token answered 200; policy available-accounts-auth is required/);
  });

  it('names the probe and the status in its failure sentences', () => {
    expect(verdictOf(runs['skip-notification-auth'], 'SEC-01').sentence).toMatch(/^x-\d{6}: the \/notification the kit sent without the provider header \(NOTIFICATION_HEADER_NAME\) answered 202/);
    expect(verdictOf(runs['accept-unannounced-authorisation'], 'SEC-04').sentence).toMatch(/which no notification announced, was processed: the connector sent PATCH \/v1\/authorisations\/[0-9a-f-]{36} \(x-\d{6}\)/);
    expect(verdictOf(runs['echo-headers-on-refusal'], 'SEC-10').sentence).toMatch(/^x-\d{6} \(POST \/notification\): the response body contains (a Sage ID bearer token|the notification header value)/);
    expect(verdictOf(runs['crash-on-refused-authorisation'], 'SPEC-02').sentence).toMatch(/^x-\d{6} GET \/auth(refresh)? response status: status 500 is not documented/);
  });
});
