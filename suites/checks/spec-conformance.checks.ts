import type { ExchangeRecord, RecordedFinding } from '../../harness/traffic/index.ts';
import { fail, inconclusive, pass, type Check } from './check.ts';
import type { Evidence } from './evidence.ts';
import { ids } from './evidence-queries.ts';

/**
 * Spec conformance is judged from the findings the traffic log recorded at capture (each exchange of a known API
 * is validated against its OpenAPI document there): the connector's side of every exchange — its responses on
 * the Connector API, its requests on the Provider API and to Sage ID. The other side is the kit's own.
 */
type Side = RecordedFinding['side'];

interface Scope {
  /** Which exchanges the requirement covers. */
  readonly select: (evidence: Evidence) => ExchangeRecord[];
  /** Whose side the candidate wrote. */
  readonly side: Side;
  /** "notification responses", "POST /v1/banks requests", … */
  readonly what: string;
  /** Extra problems the findings cannot show (a policy), or undefined. */
  readonly extra?: (record: ExchangeRecord, evidence: Evidence) => string | undefined;
  /** When no exchange of the scope exists: an outcome other than inconclusive is allowed only when the absence proves something. */
  readonly whenNone?: (evidence: Evidence) => ReturnType<Check> | undefined;
}

const toCandidate = (operations: readonly string[]) => (evidence: Evidence): ExchangeRecord[] =>
  evidence.traffic.filter((record) => record.to === 'candidate' && record.api === 'connector-api' && record.operationId !== undefined && operations.includes(record.operationId) && record.response !== undefined);

const providerRequests = (accept: (operationId: string | undefined) => boolean) => (evidence: Evidence): ExchangeRecord[] =>
  evidence.traffic.filter((record) => record.from === 'candidate' && record.api === 'provider-api' && accept(record.operationId));

const MAIN_PROVIDER_OPERATIONS = new Set(['postBanks', 'patchAuthorisation', 'postStatement']);

function describe(record: ExchangeRecord, finding: RecordedFinding): string {
  const where = finding.pointer === '' ? finding.location : `${finding.location} ${finding.pointer}`;
  return `${record.id} ${record.request.method} ${new URL(record.request.url).pathname} ${finding.side} ${where}: ${finding.message} (${finding.keyword})`;
}

/** Counts per operation, for the pass sentence: `postStatement 12, getStatement 12`. */
function perOperation(records: readonly ExchangeRecord[]): string {
  const counts = new Map<string, number>();
  for (const record of records) counts.set(record.operationId ?? 'unknown operation', (counts.get(record.operationId ?? 'unknown operation') ?? 0) + 1);
  return [...counts].map(([operation, count]) => `${operation} ${count}`).join(', ');
}

function conforms(scope: Scope): Check {
  return (evidence) => {
    const records = scope.select(evidence);
    if (records.length === 0) return scope.whenNone?.(evidence) ?? inconclusive(`The traffic log holds no ${scope.what}.`);
    const bad = records.flatMap((record) => record.findings.filter((finding) => finding.side === scope.side).map((finding) => ({ record, finding })));
    const first = bad[0];
    if (first) {
      const exchanges = [...new Set(bad.map(({ record }) => record.id))];
      const more = bad.length > 1 ? ` (${bad.length} findings in ${exchanges.length} exchange${exchanges.length === 1 ? '' : 's'} in all; next: ${bad.slice(1, 3).map(({ record, finding }) => describe(record, finding)).join('; ')})` : '';
      return fail(`${describe(first.record, first.finding)}${more}.`, exchanges);
    }
    for (const record of records) {
      const problem = scope.extra?.(record, evidence);
      if (problem) return fail(`${record.id}: ${problem}.`, [record.id]);
    }
    return pass(`All ${records.length} ${scope.what} conform to the document (${perOperation(records)}).`, ids(records));
  };
}

/** policy token-request-encoding (D11): the encodings a token request may use. */
function tokenEncodingProblem(record: ExchangeRecord, evidence: Evidence): string | undefined {
  const media = (record.request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const encoding = evidence.facts.policies['token-request-encoding'];
  const kind = media === 'application/x-www-form-urlencoded' ? 'form' : media === 'application/json' ? 'json' : undefined;
  if (kind === undefined) return `POST /oauth/token was sent as "${media || 'no content type'}"; send it form-urlencoded or as JSON`;
  if (encoding !== 'either' && encoding !== kind) return `POST /oauth/token was sent as ${media}, but policy token-request-encoding is ${encoding}`;
  const body = record.request.body as Record<string, unknown> | undefined;
  if (body?.['client_id'] !== evidence.facts.providerClientId) return 'client_id is not the SAGE_ID_CLIENT_ID of this run';
  if (body?.['client_secret'] !== '[REDACTED:client-secret]') return 'client_secret is not the SAGE_ID_CLIENT_SECRET of this run';
  if (record.response !== undefined && record.response.status !== 200) {
    const error = (record.response.body as { error?: unknown; error_description?: unknown } | undefined) ?? {};
    return `Sage ID refused the grant with ${record.response.status} ${String(error.error ?? '')}: ${String(error.error_description ?? 'no description')}`;
  }
  return undefined;
}

const sageIdTokenRequests = (evidence: Evidence): ExchangeRecord[] =>
  evidence.traffic.filter((record) => record.from === 'candidate' && record.api === 'sage-id' && record.operationId === 'postToken');

/** Checks of the spec-conformance requirements, by requirement id. */
export const SPEC_CONFORMANCE_CHECKS: Readonly<Record<string, Check>> = Object.freeze({
  'SPEC-01': conforms({ select: toCandidate(['postNotification']), side: 'response', what: 'connector responses to /notification' }),
  'SPEC-02': conforms({ select: toCandidate(['getAuth', 'getAuthRefresh']), side: 'response', what: 'connector responses to /auth and /authrefresh' }),
  'SPEC-03': conforms({ select: toCandidate(['getAvailableAccounts']), side: 'response', what: 'connector responses to /availableaccounts' }),
  'SPEC-04': conforms({ select: providerRequests((operation) => operation === 'postBanks'), side: 'request', what: 'POST /v1/banks requests' }),
  'SPEC-05': conforms({ select: providerRequests((operation) => operation === 'patchAuthorisation'), side: 'request', what: 'PATCH /v1/authorisations requests' }),
  'SPEC-06': conforms({ select: providerRequests((operation) => operation === 'postStatement'), side: 'request', what: 'POST /v1/statements requests' }),
  'SPEC-07': conforms({
    select: providerRequests((operation) => operation === undefined || !MAIN_PROVIDER_OPERATIONS.has(operation)),
    side: 'request',
    what: 'other Provider API requests',
    whenNone: (evidence) => {
      const any = providerRequests(() => true)(evidence);
      return any.length === 0 ? undefined : pass(`The candidate's ${any.length} Provider API requests were all bank sync, authorisation PATCHes and statements; it made no other request.`, ids(any));
    },
  }),
  'SPEC-08': conforms({ select: sageIdTokenRequests, side: 'request', what: 'POST /oauth/token requests', extra: tokenEncodingProblem }),
});
