import { reachesReturnUrl } from '../../harness/auth-driver/return-url.ts';
import type { Policies } from '../../harness/policies/index.ts';
import type { ExchangeRecord } from '../../harness/traffic/index.ts';
import type { Evidence } from './evidence.ts';

/**
 * The browser side of /auth and /authrefresh as the re-authorisation checks read it: the auth driver records each
 * request it makes to the candidate (the entry hop names its operation, follow-ups are the provider's own pages),
 * and the flow follows the hand-back to redirect_uri, which Banking Service's UI page records [KC-16].
 */
export interface AuthDrive {
  /** The browser's GET /auth or /authrefresh. */
  readonly entry: ExchangeRecord;
  readonly authorisationId: string;
  readonly redirectUri: string;
  readonly state: string;
  /** Every request of the drive to the candidate, the entry first. */
  readonly hops: readonly ExchangeRecord[];
  /** The hop whose answer sent the browser to redirect_uri, and how (a 30x, or an HTML page / script). */
  readonly handBack: { readonly hop: ExchangeRecord; readonly kind: '30x' | 'page' } | undefined;
  /** The browser's request to redirect_uri that followed the drive. */
  readonly landing: ExchangeRecord | undefined;
}

const isEntry = (record: ExchangeRecord): boolean => record.from === 'browser' && record.to === 'candidate' && record.annotations['authHopRole'] === 'entry';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const startMs = (record: ExchangeRecord): number => Date.parse(record.startedAt);

/** Every drive through /auth (operation getAuth) or /authrefresh (getAuthRefresh), in order. */
export function authDrives(evidence: Evidence, operationId: 'getAuth' | 'getAuthRefresh'): AuthDrive[] {
  const drives: AuthDrive[] = [];
  const traffic = evidence.traffic;
  traffic.forEach((record, index) => {
    if (!isEntry(record) || record.operationId !== operationId) return;
    const query = new URL(record.request.url).searchParams;
    const redirectUri = query.get('redirect_uri') ?? '';
    const state = query.get('state') ?? '';
    // The raw form (state glued onto redirect_uri) lands there too; policy redirect-state-format decides if it counts.
    const lands = (url: string) => redirectUri !== '' && (reachesReturnUrl(url, redirectUri) || (state !== '' && url.startsWith(`${redirectUri}${state}`)));
    const nextEntry = traffic.findIndex((candidate, at) => at > index && isEntry(candidate));
    const drive = traffic.slice(index + 1, nextEntry === -1 ? undefined : nextEntry);
    const landing = drive.find((candidate) => candidate.from === 'browser' && candidate.to !== 'candidate' && lands(candidate.request.url));
    // A hop is recorded once its answer was read, and a browser reads a 303's after it already followed it: the
    // landing can come first in the log. What happened before the landing is decided by when requests started.
    const followUps = drive
      .filter((candidate) => candidate.from === 'browser' && candidate.to === 'candidate' && candidate.annotations['authHopRole'] === 'follow-up')
      .filter((candidate) => landing === undefined || startMs(candidate) <= startMs(landing))
      .sort((a, b) => startMs(a) - startMs(b));
    const hops: ExchangeRecord[] = [record, ...followUps];
    const last = hops.at(-1);
    let handBack: AuthDrive['handBack'];
    if (last && landing) {
      const location = last.response?.headers['location'];
      const redirected = last.response !== undefined && REDIRECTS.has(last.response.status) && location !== undefined && lands(new URL(location, last.request.url).toString());
      handBack = { hop: last, kind: redirected ? '30x' : 'page' };
    }
    drives.push({ entry: record, authorisationId: query.get('authorisation_id') ?? '', redirectUri, state, hops, handBack, landing });
  });
  return drives;
}

/** Whether the landing URL carries the drive's state as policy redirect-state-format requires (Q7) [C-AUTH] [C-REFRESH]. */
export function stateProblem(drive: AuthDrive, policies: Policies): string | undefined {
  if (!drive.landing) return 'the candidate never sent the browser to redirect_uri';
  const url = drive.landing.request.url;
  const format = policies['redirect-state-format'];
  const queried = new URL(url).searchParams.get('state');
  if (queried === drive.state) return undefined;
  if (format === 'query-parameter-or-raw' && url.startsWith(`${drive.redirectUri}${drive.state}`)) return undefined;
  if (queried !== null) return `it sent the browser to ${url} with state=${queried}, not the state ${drive.state} of the request`;
  return `it sent the browser to ${url} without state=${drive.state} (policy redirect-state-format = ${format})`;
}

/** Whether the hand-back took a form policy auth-redirect-kind allows (Q7) [C-AUTH] [C-REFRESH]. */
export function redirectKindProblem(drive: AuthDrive, policies: Policies): string | undefined {
  const kind = policies['auth-redirect-kind'];
  if (kind === 'html-or-script' && drive.handBack?.kind === '30x') {
    return `${drive.handBack.hop.id} handed the user back with HTTP ${drive.handBack.hop.response?.status}, but policy auth-redirect-kind = ${kind} wants an HTML page or a window.location script`;
  }
  return undefined;
}

export interface AuthorisationPatch {
  readonly exchange: ExchangeRecord;
  readonly authorisationId: string;
  readonly httpStatus: number | undefined;
  readonly accepted: boolean;
  readonly data: Record<string, unknown> | undefined;
  readonly startMs: number;
  readonly endMs: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The candidate's PATCH /v1/authorisations/{authorisationId} calls [P-AUTHZ]. */
export function authorisationPatches(evidence: Evidence): AuthorisationPatch[] {
  return evidence.traffic.flatMap((exchange) => {
    if (exchange.from !== 'candidate' || exchange.request.method !== 'PATCH') return [];
    const match = /\/v1\/authorisations\/([^/?#]+)$/.exec(new URL(exchange.request.url).pathname);
    if (!match?.[1]) return [];
    const status = exchange.response?.status;
    const body = exchange.request.body;
    const startMs = Date.parse(exchange.startedAt);
    return [{
      exchange,
      authorisationId: decodeURIComponent(match[1]),
      httpStatus: status,
      accepted: status !== undefined && status >= 200 && status <= 299,
      data: isObject(body) && isObject(body['data']) ? body['data'] : undefined,
      startMs,
      endMs: startMs + exchange.durationMs,
    }];
  });
}

/** Authorisation ids Banking Service opened, by kind (onboarding or reauthorisation). */
export function authorisationKinds(evidence: Evidence): Map<string, 'onboarding' | 'reauthorisation'> {
  const kinds = new Map<string, 'onboarding' | 'reauthorisation'>();
  for (const event of evidence.events) if (event.type === 'authorisation.created') kinds.set(event.authorisationId, event.kind);
  return kinds;
}
