import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES, resolvePolicies } from '../../harness/policies/index.ts';
import { authDrives, authorisationPatches, redirectKindProblem, stateProblem } from './authorisation-queries.ts';
import { EvidenceBuilder } from './check-test-evidence.ts';

const T0 = Date.parse('2026-02-01T12:00:00.000Z');
const RETURN = 'http://127.0.0.1:3/ui/authorisations/r1/return';

function oneDrive(landing: string) {
  const evidence = new EvidenceBuilder();
  const query = new URLSearchParams({ authorisation_id: 'r1', redirect_uri: RETURN, state: 's-1', externalId: 'e' });
  evidence.exchange({ from: 'browser', to: 'candidate', method: 'GET', url: `http://127.0.0.1:2/authrefresh?${query}`, operationId: 'getAuthRefresh', atMs: T0, status: 200, annotations: { authHop: '1', authHopRole: 'entry' } });
  evidence.exchange({ from: 'candidate', to: 'banking-service', method: 'PATCH', url: 'http://127.0.0.1:1/v1/authorisations/r1', atMs: T0 + 5, status: 204, body: { data: { status: 'success' } } });
  evidence.exchange({ from: 'browser', to: 'candidate', method: 'POST', url: 'http://127.0.0.1:2/auth/login', atMs: T0 + 2, status: 303, headers: { location: landing }, annotations: { authHop: '2', authHopRole: 'follow-up' } });
  evidence.exchange({ from: 'browser', to: 'banking-service', method: 'GET', url: landing, atMs: T0 + 20, status: 200 });
  return evidence.build();
}

describe('authorisation queries', () => {
  it('groups a drive from its entry to the landing at redirect_uri and sees how it was handed back', () => {
    const evidence = oneDrive(`${RETURN}?state=s-1`);
    const [drive] = authDrives(evidence, 'getAuthRefresh');
    expect(drive).toMatchObject({ authorisationId: 'r1', redirectUri: RETURN, state: 's-1' });
    expect(drive?.hops.map((hop) => hop.id)).toEqual(['x-000001', 'x-000003']);
    expect(drive?.landing?.id).toBe('x-000004');
    expect(drive?.handBack).toMatchObject({ kind: '30x', hop: { id: 'x-000003' } });
    expect(stateProblem(drive!, DEFAULT_POLICIES)).toBeUndefined();
    expect(redirectKindProblem(drive!, DEFAULT_POLICIES)).toBeUndefined();
    expect(redirectKindProblem(drive!, resolvePolicies({ 'auth-redirect-kind': 'html-or-script' }))).toMatch(/^x-000003 handed the user back with HTTP 303/);
    expect(authorisationPatches(evidence).map((patch) => [patch.authorisationId, patch.accepted])).toEqual([['r1', true]]);
  });

  it('accepts raw state only under policy redirect-state-format = query-parameter-or-raw', () => {
    const [drive] = authDrives(oneDrive(`${RETURN}s-1`), 'getAuthRefresh');
    expect(stateProblem(drive!, DEFAULT_POLICIES)).toBe(`it sent the browser to ${RETURN}s-1 without state=s-1 (policy redirect-state-format = query-parameter)`);
    expect(stateProblem(drive!, resolvePolicies({ 'redirect-state-format': 'query-parameter-or-raw' }))).toBeUndefined();
  });

  it('orders a drive by when its requests started: a browser hop recorded after the landing it led to still hands back', () => {
    // The browser driver records a hop once it has read the answer, which can be after the simulator recorded the
    // browser's arrival at redirect_uri.
    const evidence = new EvidenceBuilder();
    const query = new URLSearchParams({ authorisation_id: 'r1', redirect_uri: RETURN, state: 's-1', externalId: 'e' });
    const landing = `${RETURN}?state=s-1`;
    evidence.exchange({ from: 'browser', to: 'candidate', method: 'GET', url: `http://127.0.0.1:2/authrefresh?${query}`, operationId: 'getAuthRefresh', atMs: T0, status: 200, annotations: { authHop: '1', authHopRole: 'entry' } });
    evidence.exchange({ from: 'candidate', to: 'banking-service', method: 'PATCH', url: 'http://127.0.0.1:1/v1/authorisations/r1', atMs: T0 + 5, status: 204, body: { data: { status: 'success' } } });
    evidence.exchange({ from: 'browser', to: 'banking-service', method: 'GET', url: landing, atMs: T0 + 20, status: 200 });
    evidence.exchange({ from: 'browser', to: 'candidate', method: 'POST', url: 'http://127.0.0.1:2/auth/login', atMs: T0 + 2, status: 303, headers: { location: landing }, annotations: { authHop: '2', authHopRole: 'follow-up' } });
    evidence.exchange({ from: 'browser', to: 'candidate', method: 'GET', url: 'http://127.0.0.1:2/later', atMs: T0 + 30, status: 200, annotations: { authHop: '3', authHopRole: 'follow-up' } });
    const [drive] = authDrives(evidence.build(), 'getAuthRefresh');
    expect(drive?.hops.map((hop) => hop.id)).toEqual(['x-000001', 'x-000004']);
    expect(drive?.landing?.id).toBe('x-000003');
    expect(drive?.handBack).toMatchObject({ kind: '30x', hop: { id: 'x-000004' } });
  });
});
