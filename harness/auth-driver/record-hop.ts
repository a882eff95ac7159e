import type { TestUser } from '../config/config-types.ts';
import type { CaptureInput, TrafficLog } from '../traffic/index.ts';
import type { AuthDriverName, AuthOperationId } from './auth-driver.ts';
import { maskCredentials } from './mask-credentials.ts';

/** One request the driver made to the candidate, in the shape the traffic log captures. */
export interface HopCapture {
  readonly driver: AuthDriverName;
  /** 1 for the request to /auth or /authrefresh, counting every request of the drive. */
  readonly sequence: number;
  /** Only the entry request is a Connector API operation; later hops are the provider's own pages. */
  readonly operationId: AuthOperationId | undefined;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly request: CaptureInput['request'];
  readonly response?: CaptureInput['response'];
  readonly failure?: string;
  /** Whose credentials to mask in the URL: the run's redactor knows them as typed, not form-encoded in a query. */
  readonly user?: TestUser;
  /** Facts the driver adds about the capture itself. */
  readonly annotations?: Readonly<Record<string, string>>;
}

const OPERATION_PATHS: Readonly<Record<AuthOperationId, string>> = Object.freeze({ getAuth: '/auth', getAuthRefresh: '/authrefresh' });

/**
 * Records a hop as `browser → candidate`. Only the entry hop is a Connector API call (getAuth/getAuthRefresh,
 * validated wherever the provider mounted its callback URLs [SYNC]); later hops are the provider's own pages
 * (a login form POST, a consent page), which no Sage document describes, so they carry no API to be judged by.
 */
export function recordHop(traffic: TrafficLog | undefined, hop: HopCapture): void {
  if (traffic === undefined) return;
  traffic.record({
    from: 'browser',
    to: 'candidate',
    ...(hop.operationId !== undefined ? { api: 'connector-api' as const, operationId: hop.operationId, apiPath: OPERATION_PATHS[hop.operationId] } : {}),
    startedAt: hop.startedAt,
    durationMs: hop.durationMs,
    request: { ...hop.request, url: maskCredentials(hop.request.url, hop.user) },
    ...(hop.response !== undefined ? { response: hop.response } : {}),
    ...(hop.failure !== undefined ? { failure: hop.failure } : {}),
    annotations: { ...hop.annotations, authDriver: hop.driver, authHop: String(hop.sequence), authHopRole: hop.operationId !== undefined ? 'entry' : 'follow-up' },
  });
}
