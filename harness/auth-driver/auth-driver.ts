import type { TestUser } from '../config/index.ts';
import type { TrafficLog } from '../traffic/index.ts';

/**
 * Plays the user's browser through a provider's `/auth` or `/authrefresh` page until the provider hands the user
 * back to `redirect_uri` [C-AUTH] [C-REFRESH] [F-ONB] [F-REAUTH]. A driver only reports where the drive ended; the
 * caller decides what that means (state appended, error parameters, the PATCH having happened).
 */
export interface AuthDriver {
  readonly name: AuthDriverName;
  /** Never throws for a misbehaving candidate; throws only for the kit's own errors (a bad config, a missing browser). */
  run(input: AuthDriveInput): Promise<AuthDriveResult>;
}

export type AuthDriverName = 'redirect' | 'form' | 'browser';

export type AuthOperationId = 'getAuth' | 'getAuthRefresh';

export interface AuthDriveInput {
  /** The connector's `/auth` or `/authrefresh` URL with its query, as Banking Service sends the browser there. */
  readonly startUrl: string;
  /** `redirect_uri` without its query: reaching any URL that starts with it ends the drive (see return-url.ts). */
  readonly returnUrlPrefix: string;
  readonly user?: TestUser;
  /** The whole drive, first request to hand-back; a hung candidate costs at most this. */
  readonly timeoutMs: number;
  readonly traffic?: TrafficLog;
  /** The operation of the first hop; later hops (a form POST, a follow-up page) are the provider's own pages. */
  readonly operationId: AuthOperationId;
}

export type AuthDriveOutcome =
  /** The candidate sent the browser to `redirect_uri`; `returnUrl` says with which parameters. */
  | 'returned'
  /** The candidate answered with a page the driver can do nothing with: no usable form, no redirect. */
  | 'stuck'
  /** The first hop was answered 4xx: what a replayed, expired or unknown authorisation_id should get [SEC]. */
  | 'refused'
  /** The candidate did not answer within the drive's time budget. */
  | 'timeout'
  /** 5xx, a failed connection, a non-HTML answer, a broken redirect, a redirect loop. */
  | 'candidate-error';

/**
 * How the candidate answered one hop: `30x` a redirect, `script` an HTML page that redirects by script or meta
 * refresh, `form` an HTML page whose form the driver submitted, `page` anything else (the last page, an error).
 */
export type AuthHopKind = '30x' | 'script' | 'form' | 'page';

export interface AuthHop {
  readonly method: string;
  /** Test credentials (password, one-time code) are masked, e.g. in a GET form submission. */
  readonly url: string;
  /** Undefined when no answer came (timeout, failed connection). */
  readonly status: number | undefined;
  readonly kind: AuthHopKind;
}

export interface AuthDriveResult {
  readonly outcome: AuthDriveOutcome;
  /** The full URL the candidate sent the browser to (only when `returned`): the caller checks `state` and errors. */
  readonly returnUrl?: string;
  /** Every request the driver made to the candidate, in order; the hand-back itself is not fetched. */
  readonly hops: readonly AuthHop[];
  /** One sentence a provider can act on; never carries the test password or one-time code. */
  readonly message: string;
  /** The browser driver's screenshot of the last candidate page it saw. */
  readonly screenshotPath?: string;
  readonly durationMs: number;
}

export class AuthDriverError extends Error {
  override readonly name = 'AuthDriverError';
}

/** Refuses input that is the kit's mistake, before any request leaves. */
export function assertDriveInput(input: AuthDriveInput): void {
  for (const [field, value] of [['startUrl', input.startUrl], ['returnUrlPrefix', input.returnUrlPrefix]] as const) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new AuthDriverError(`auth driver: ${field} "${value}" is not an absolute URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AuthDriverError(`auth driver: ${field} "${value}" must be http or https`);
  }
  if (!Number.isFinite(input.timeoutMs) || input.timeoutMs <= 0) {
    throw new AuthDriverError(`auth driver: timeoutMs must be a positive number of milliseconds, got ${input.timeoutMs}`);
  }
}
