import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES, resolvePolicies, type Policies } from '../../harness/policies/index.ts';
import { loadRequirementSet } from '../requirements/index.ts';
import type { CheckOutcome } from './check.ts';
import { EvidenceBuilder } from './check-test-evidence.ts';
import type { Evidence } from './evidence.ts';
import { REAUTHORISATION_CHECKS } from './reauthorisation.checks.ts';

const requirements = new Map(loadRequirementSet().requirements.map((requirement) => [requirement.id, requirement]));
const decide = (id: string, evidence: Evidence, policies: Policies = DEFAULT_POLICIES): CheckOutcome => {
  const requirement = requirements.get(id);
  const check = REAUTHORISATION_CHECKS[id];
  if (!requirement || !check) throw new Error(`no requirement or check ${id}`);
  return check(evidence, { requirement, policies });
};
const T0 = Date.parse('2026-02-01T12:00:00.000Z');
const ACCOUNT = '5b26b598-a880-4e32-8c41-126aa0206857';
const CONNECTOR = 'http://127.0.0.1:2';
const BS = 'http://127.0.0.1:3';

/** One drive through /authrefresh as the auth driver and the flow record it: entry, login form POST, landing. */
function drive(evidence: EvidenceBuilder, options: { id: string; atMs: number; state?: string | null; patch?: { id?: string; body?: unknown; status?: number }; kind?: 'reauthorisation' }) {
  const { id, atMs } = options;
  const redirectUri = `${BS}/ui/authorisations/${id}/return`;
  evidence.event({ type: 'authorisation.created', authorisationId: id, kind: 'reauthorisation', bankId: 'b', organisationId: 'o', companyId: 'c', bankAccountId: ACCOUNT, expiresAt: '' }, atMs);
  const query = new URLSearchParams({ bankaccount: ACCOUNT, authorisation_id: id, redirect_uri: redirectUri, state: `state-${id}`, externalId: 'ext' });
  evidence.exchange({ from: 'browser', to: 'candidate', method: 'GET', url: `${CONNECTOR}/authrefresh?${query}`, operationId: 'getAuthRefresh', atMs, status: 200, annotations: { authHop: '1', authHopRole: 'entry' } });
  if (options.patch) {
    evidence.exchange({ from: 'candidate', to: 'banking-service', method: 'PATCH', url: `http://127.0.0.1:1/v1/authorisations/${options.patch.id ?? id}`, operationId: 'patchAuthorisation', atMs: atMs + 10, status: options.patch.status ?? 204, body: options.patch.body ?? { data: { status: 'success' } } });
  }
  const landing = options.state === null ? redirectUri : `${redirectUri}?state=${options.state ?? `state-${id}`}`;
  evidence.exchange({ from: 'browser', to: 'candidate', method: 'POST', url: `${CONNECTOR}/auth/login`, atMs: atMs + 5, durationMs: 30, status: 303, headers: { location: landing }, annotations: { authHop: '2', authHopRole: 'follow-up' } });
  evidence.exchange({ from: 'browser', to: 'banking-service', method: 'GET', url: landing, atMs: atMs + 40, status: 200 });
}

describe('re-authorisation checks on hand-built evidence', () => {
  it('decides every REAUTH requirement of the set, and says inconclusive without evidence', () => {
    expect(Object.keys(REAUTHORISATION_CHECKS).sort()).toEqual([...requirements.keys()].filter((id) => id.startsWith('REAUTH-')).sort());
    const empty = new EvidenceBuilder().build();
    expect(Object.keys(REAUTHORISATION_CHECKS).map((id) => decide(id, empty).status)).toEqual(Object.keys(REAUTHORISATION_CHECKS).map(() => 'inconclusive'));
  });

  it('REAUTH-03: reads the PATCH body against policy reauth-patch-accounts', () => {
    const evidence = new EvidenceBuilder();
    const from = evidence.mark();
    drive(evidence, { id: 'r1', atMs: T0, patch: { body: { data: { status: 'success', bankAccounts: [] } } } });
    evidence.step('reauthorisation', 'reauthorise', from, { authorisationId: 'r1', bankAccountId: ACCOUNT });
    expect(decide('REAUTH-03', evidence.build()).status).toBe('pass');
    expect(decide('REAUTH-03', evidence.build(), resolvePolicies({ 'reauth-patch-accounts': 'status-only' })).sentence)
      .toMatch(/^x-000002 \/data\/bankAccounts: is an array of 0: a re-authorisation PATCH carries only data.status \(policy reauth-patch-accounts = status-only\)/);
  });

  it('REAUTH-06: a PATCH under another authorisation id than the /authrefresh one fails', () => {
    const evidence = new EvidenceBuilder();
    evidence.event({ type: 'authorisation.created', authorisationId: 'onb-1', kind: 'onboarding', bankId: 'b', organisationId: 'o', companyId: 'c', bankAccountId: undefined, expiresAt: '' }, T0 - 1000);
    const from = evidence.mark();
    drive(evidence, { id: 'r1', atMs: T0, patch: { id: 'onb-1', status: 409 } });
    evidence.step('reauthorisation', 'reauthorise', from, { authorisationId: 'r1', bankAccountId: ACCOUNT }, 'candidate-failed');
    expect(decide('REAUTH-06', evidence.build()).sentence).toBe(
      'x-000002 /authorisationId (path): is onb-1, an earlier onboarding authorisation, not r1, the authorisation_id of the /authrefresh request that started this session: PATCH the id of the current call',
    );
  });

  it('REAUTH-04 and REAUTH-05: the hand-back carries state; a failed login is not PATCHed', () => {
    const evidence = new EvidenceBuilder();
    const failed = evidence.mark();
    drive(evidence, { id: 'f1', atMs: T0, state: null, patch: {} });
    evidence.step('reauthorisation', 'reauthorise-failed-login', failed, { authorisationId: 'f1', bankAccountId: ACCOUNT });
    const success = evidence.mark();
    drive(evidence, { id: 'r1', atMs: T0 + 1000, patch: {} });
    evidence.step('reauthorisation', 'reauthorise', success, { authorisationId: 'r1', bankAccountId: ACCOUNT });
    expect(decide('REAUTH-04', evidence.build()).status).toBe('pass');
    const outcome = decide('REAUTH-05', evidence.build());
    expect(outcome.sentence).toMatch(/^x-000004 \/state \(query\): it sent the browser to http:\/\/127\.0\.0\.1:3\/ui\/authorisations\/f1\/return without state=state-f1 .*\(1 more finding\(s\), also in x-000002\)$/);
    expect(outcome.exchanges).toEqual(['x-000004', 'x-000002']);
  });

  it('REAUTH-02: a PATCH answered after the hand-back is too late', () => {
    const evidence = new EvidenceBuilder();
    const from = evidence.mark();
    drive(evidence, { id: 'r1', atMs: T0 });
    evidence.exchange({ from: 'candidate', to: 'banking-service', method: 'PATCH', url: 'http://127.0.0.1:1/v1/authorisations/r1', operationId: 'patchAuthorisation', atMs: T0 + 300, status: 204, body: { data: { status: 'success' } } });
    evidence.exchange({ from: 'product', to: 'banking-service', method: 'GET', url: `${BS}/api/v1/organisations/o/companies/c/bankaccounts/${ACCOUNT}`, atMs: T0 + 400, status: 200, responseBody: { bankAccountId: ACCOUNT, status: 'active' } });
    evidence.step('reauthorisation', 'reauthorise', from, { authorisationId: 'r1', bankAccountId: ACCOUNT });
    expect(decide('REAUTH-02', evidence.build()).sentence).toMatch(/^x-000004 \/data\/status: the PATCH finished at .*, after x-000002 had already sent the user back to redirect_uri/);
  });
});
