import type { ExchangeRecord } from '../../harness/traffic/index.ts';
import { byStart, endMs, errorCode, startMs } from './connector-answers.ts';
import type { Evidence } from './evidence.ts';

/** What the call and token queries read: the whole evidence, or the traffic so far when a flow asks mid-run. */
export type CallEvidence = Pick<Evidence, 'traffic'> & { readonly facts: Pick<Evidence['facts'], 'providerClientId'> };

/** Every request the candidate sent to the Provider API (throttled and faulted ones included), by start time. */
export const providerApiCalls = (evidence: CallEvidence): ExchangeRecord[] => byStart(evidence.traffic.filter((record) => record.from === 'candidate' && record.api === 'provider-api'));

/** The redactor turns `Bearer <token>` into `Bearer [REDACTED:bearer#<fingerprint>]`: the same token, the same fingerprint. */
const BEARER = /^Bearer \[REDACTED:bearer#([0-9a-f]{8})\]$/;

export const bearerFingerprint = (record: ExchangeRecord): string | undefined => BEARER.exec(record.request.headers['authorization'] ?? '')?.[1];

/** 401 codes the simulator gives a token that Sage ID did not issue to this provider for this audience (KC-01). */
const IDENTITY_CODES = new Set(['token-missing', 'token-malformed', 'token-bad-signature', 'token-wrong-audience', 'token-wrong-issuer', 'token-unknown-client']);

/** Why a Provider API request's Authorization is not a Sage ID token for this provider and audience, or undefined. */
export function tokenIdentityProblem(record: ExchangeRecord): string | undefined {
  const authorization = record.request.headers['authorization'];
  if (authorization === undefined) return 'the request has no Authorization header; send "Authorization: Bearer <access_token>" on every call';
  if (!BEARER.test(authorization)) return `Authorization is "${authorization.slice(0, 60)}", not "Bearer <access_token>"`;
  if (record.annotations['fault'] !== undefined) return undefined;
  const code = errorCode(record);
  if (record.response?.status === 401 && code !== undefined && IDENTITY_CODES.has(code)) {
    return `the simulated Sage ID refused its bearer token (${code}); request tokens with SAGE_ID_CLIENT_ID for SAGE_ID_AUDIENCE`;
  }
  if (record.response?.status === 403 && code === 'unknown-provider') return 'its bearer token belongs to a Sage ID client that is not this provider';
  return undefined;
}

/** Why a Provider API request does not carry the run's API key, or undefined (the redactor labels the run's key `api-key`). */
export function apiKeyProblem(record: ExchangeRecord): string | undefined {
  const key = record.request.headers['x-api-key'];
  if (key === undefined) return 'the request has no x-api-key header';
  if (key !== '[REDACTED:api-key]') return 'its x-api-key is not the PROVIDER_API_KEY value of this run';
  const code = errorCode(record);
  if (record.response?.status === 403 && (code === 'api-key-invalid' || code === 'api-key-missing')) return `Banking Service refused its x-api-key (${code})`;
  return undefined;
}

/** A successful client-credentials grant of the candidate, with the lifetime Sage ID gave it. */
export interface TokenGrant {
  readonly record: ExchangeRecord;
  /** Lower bound of the token's expiry: Sage ID issues it after the request starts, so it expires no earlier. */
  readonly expiresAtMs: number;
  readonly lifetimeSeconds: number;
}

/** The candidate's own POST /oauth/token requests (by client_id), by start time. */
export function tokenRequests(evidence: CallEvidence): ExchangeRecord[] {
  return byStart(
    evidence.traffic.filter((record) => {
      if (record.from !== 'candidate' || record.api !== 'sage-id' || record.operationId !== 'postToken') return false;
      const clientId = (record.request.body as { client_id?: unknown } | undefined)?.client_id;
      return clientId === undefined || clientId === evidence.facts.providerClientId;
    }),
  );
}

/** The grants among them, read from expires_in (the run's real lifetime, whatever facts say). */
export function tokenGrants(evidence: CallEvidence): TokenGrant[] {
  return tokenRequests(evidence).flatMap((record) => {
    const expiresIn = (record.response?.body as { expires_in?: unknown } | undefined)?.expires_in;
    if (record.response?.status !== 200 || typeof expiresIn !== 'number') return [];
    // The token's iat is floored to the second, so it may expire up to a second before start + lifetime.
    return [{ record, expiresAtMs: startMs(record) + expiresIn * 1000 - 1000, lifetimeSeconds: expiresIn }];
  });
}

/** The first Provider API call refused for presenting an expired Sage ID token (not a 401 the fault injector served). */
export function expiredTokenCall(evidence: CallEvidence): ExchangeRecord | undefined {
  return providerApiCalls(evidence).find((record) => record.response?.status === 401 && errorCode(record) === 'token-expired' && record.annotations['fault'] === undefined);
}

/**
 * The first grant whose token the candidate kept until it expired, calling on past that: what shows whether it
 * renews before expiry (RES-03). A grant followed by a 401 before the next grant does not count: the next may have
 * been the answer to that refusal (RES-04's matter), which says nothing about renewing in time.
 */
export function outlivedGrant(evidence: CallEvidence): TokenGrant | undefined {
  const calls = providerApiCalls(evidence);
  const grants = tokenGrants(evidence);
  return grants.find((grant, index) => {
    const next = grants[index + 1];
    const cutShort = calls.some((call) => call.response?.status === 401 && startMs(call) > startMs(grant.record) && (next === undefined || startMs(call) < startMs(next.record)));
    return !cutShort && calls.some((call) => startMs(call) > grant.expiresAtMs + 1000);
  });
}

/** The last grant answered before `atMs`: the token a well-behaved client holds at that moment. */
export function grantHeldAt(grants: readonly TokenGrant[], atMs: number): TokenGrant | undefined {
  return grants.filter((grant) => endMs(grant.record) <= atMs).at(-1);
}

/** The method, path and body of a request: what "the same request again" means. */
export function requestKey(record: ExchangeRecord): string {
  return `${record.request.method} ${new URL(record.request.url).pathname} ${canonicalJson(record.request.body)}`;
}

/** JSON with object keys sorted, so two bodies built in a different key order compare equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
