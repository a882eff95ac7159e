import { beforeAll, describe, expect, it } from 'vitest';
import type { CertificationRun } from '../../harness/run/run-certification.ts';
import { loadRequirementSet } from '../requirements/index.ts';
import { certifyConcurrently, referenceRun, statusesOf, verdictOf } from './certify-concurrently.ts';
import { resilienceFlow } from './resilience.flow.ts';

/**
 * Proof both ways for the resilience checks, and for the global checks best proven with the resilience flow's
 * traffic (SEC-11, SPEC-04, SPEC-07, SPEC-08). A resilience-only run has no /availableaccounts call (SPEC-03 is
 * not observed) and, with 480-minute tokens, cannot outlive one (RES-03 is not applicable): that is its baseline.
 * RES-03 is proven in runs whose Sage ID issues 10-second tokens.
 */
const ids = (prefix: string) => loadRequirementSet().requirements.filter((requirement) => requirement.id.startsWith(prefix)).map((requirement) => requirement.id);
const JUDGED = [...ids('RES-'), ...ids('SPEC-')];
const BASELINE = { 'RES-03': 'not-applicable', 'SPEC-03': 'fail' } as const;
// Short enough to outlive within the run, long enough that the connector's renewal margin (a fifth of the
// lifetime for the reference) outlasts a stalled process on a busy machine.
const SHORT_TOKENS = { tokenLifetimeSeconds: 10 };

const CASES = {
  'token-per-request': { ...BASELINE, 'RES-02': 'fail' },
  'no-refresh-on-401': { ...BASELINE, 'RES-04': 'warn' },
  'no-backoff-on-429': { ...BASELINE, 'RES-05': 'fail' },
  'no-request-pacing': { ...BASELINE, 'RES-06': 'warn' },
  'new-ids-on-resubmit': { ...BASELINE, 'RES-07': 'fail', 'RES-08': 'fail' },
  'call-undocumented-endpoint': { ...BASELINE, 'SPEC-07': 'fail' },
} as const satisfies Record<string, Record<string, 'fail' | 'warn' | 'not-applicable'>>;
type FaultCase = keyof typeof CASES;

const nonPassing = (run: CertificationRun, judged: readonly string[]) =>
  Object.fromEntries(Object.entries(statusesOf(run, judged)).filter(([, status]) => status !== 'pass'));

describe('resilience flow on the reference connector', () => {
  let runs: Record<FaultCase | 'short-tokens' | 'ignore-token-expiry' | 'no-api-key' | 'no-bearer-on-first-call' | 'grant-type-typo', CertificationRun>;

  beforeAll(async () => {
    const resilience = (faults: string[], options: { flows?: ('security' | 'spec-conformance' | 'resilience')[]; tokens?: typeof SHORT_TOKENS } = {}) =>
      referenceRun({ flows: options.flows ?? ['resilience', 'spec-conformance'], flowDrivers: [resilienceFlow], faults, ...(options.tokens ? { simulator: options.tokens } : {}) });
    const faultRuns = Object.fromEntries(Object.keys(CASES).filter((fault) => fault !== 'no-request-pacing').map((fault) => [fault, resilience([fault])])) as Record<Exclude<FaultCase, 'no-request-pacing'>, () => Promise<CertificationRun>>;
    const concurrent = await certifyConcurrently(
      {
        ...faultRuns,
        'short-tokens': resilience([], { tokens: SHORT_TOKENS }),
        'ignore-token-expiry': resilience(['ignore-token-expiry'], { tokens: SHORT_TOKENS }),
        'no-api-key': resilience(['no-api-key']),
        'no-bearer-on-first-call': resilience(['no-bearer-on-first-call'], { flows: ['resilience', 'security', 'spec-conformance'] }),
        'grant-type-typo': resilience(['grant-type-typo']),
      },
      2,
    );
    // The request rate is measured on arrival: this run gets the machine to itself.
    runs = { ...concurrent, ...(await certifyConcurrently({ 'no-request-pacing': resilience(['no-request-pacing']) }, 1)) };
  }, 300_000);

  it.each(Object.keys(CASES) as FaultCase[])('fault switch %s breaks exactly its requirements', (fault) => {
    expect(nonPassing(runs[fault], JUDGED)).toEqual(CASES[fault]);
    for (const id of Object.keys(CASES[fault]).filter((id) => !(id in BASELINE))) expect(verdictOf(runs[fault], id).sentence).toMatch(/x-\d{6}/);
  });

  it('observes renewal before expiry when Sage ID issues 10-second tokens, and everything else still passes', () => {
    const run = runs['short-tokens'];
    expect(nonPassing(run, JUDGED)).toEqual({ 'SPEC-03': 'fail' });
    expect(verdictOf(run, 'RES-03').sentence).toMatch(/^Sage ID tokens lived 10 s .* renewed them in time \(x-\d{6}/);
    expect(run.evidence.steps.find((step) => step.step === 'outlive-token')?.status).toBe('ok');
  });

  it('fault switch ignore-token-expiry fails RES-03 in a 10-second-token run, naming the request with the expired token', () => {
    const run = runs['ignore-token-expiry'];
    expect(nonPassing(run, JUDGED)).toEqual({ 'RES-03': 'warn', 'SPEC-03': 'fail' });
    expect(verdictOf(run, 'RES-03').sentence).toMatch(/^x-\d{6} \([A-Z]+ \/v1\/[^)]+\): the connector presented an expired Sage ID token/);
  });

  it('fault switch no-api-key fails RES-01 and SPEC-04 at bank sync, which Banking Service refuses', () => {
    const run = runs['no-api-key'];
    expect(statusesOf(run, ['RES-01', 'SPEC-04'])).toEqual({ 'RES-01': 'fail', 'SPEC-04': 'fail' });
    expect(verdictOf(run, 'RES-01').sentence).toMatch(/^x-\d{6} \(POST \/v1\/banks\): the request has no x-api-key header/);
    expect(run.evidence.steps.find((step) => step.step === 'find-bank')).toMatchObject({ status: 'candidate-failed', message: expect.stringMatching(/answered 403/) });
  });

  it('fault switch no-bearer-on-first-call fails SEC-11 and SPEC-04; the connector recovers and the rest of the flow passes', () => {
    const run = runs['no-bearer-on-first-call'];
    expect(statusesOf(run, ['SEC-11', 'SPEC-04', 'RES-01', 'RES-02', 'RES-04', 'RES-05', 'RES-06', 'RES-07', 'RES-08'])).toEqual({
      'SEC-11': 'fail', 'SPEC-04': 'fail', 'RES-01': 'pass', 'RES-02': 'pass', 'RES-04': 'pass', 'RES-05': 'pass', 'RES-06': 'pass', 'RES-07': 'pass', 'RES-08': 'pass',
    });
    expect(verdictOf(run, 'SEC-11').sentence).toMatch(/^x-\d{6} \(POST \/v1\/banks\): the request has no Authorization header/);
  });

  it('fault switch grant-type-typo fails SPEC-08 on the token request Sage ID refuses', () => {
    const run = runs['grant-type-typo'];
    expect(verdictOf(run, 'SPEC-08')).toMatchObject({ status: 'fail', sentence: expect.stringMatching(/^x-\d{6} POST \/oauth\/token request body \/grant_type: must be equal to one of the allowed values: client_credentials/) });
  });
});
