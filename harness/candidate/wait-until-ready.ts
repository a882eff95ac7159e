import { sendRequest, type OutboundFailure } from '../http/index.ts';
import { LaunchError, type CandidateExit } from './launcher.ts';

export interface ReadinessOptions {
  /** Path probed with GET; any HTTP status counts as ready (design §4). Default `/`. */
  readonly path?: string;
  /** The whole start-up allowance. Default 30 s. */
  readonly timeoutMs?: number;
  /** One probe's allowance, capped by what is left of the timeout. Default 2 s. */
  readonly requestTimeoutMs?: number;
}

export interface WaitUntilReadyInput {
  readonly baseUrl: string;
  readonly readiness?: ReadinessOptions;
  /** Names the candidate in the timeout message, e.g. `candidate URL`, `candidate process at`. */
  readonly subject: string;
  /** What to do about it, appended to a timeout message. */
  readonly hint?: string;
  /** Settles when the candidate ends: the wait fails at once, not at its timeout. */
  readonly exited?: Promise<CandidateExit>;
  /** The one-line message for an exit before readiness. */
  readonly describeExit?: (exit: CandidateExit) => string;
  /** Measured from here; defaults to when the wait began (a launcher passes its own start). */
  readonly startedAt?: number;
}

export interface ReadyResult {
  readonly status: number;
  readonly attempts: number;
  readonly elapsedMs: number;
}

export const DEFAULT_READINESS_TIMEOUT_MS = 30_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 2_000;
// There is no push notification for "the candidate now listens": poll, starting tiny, growing to a small bound.
const FIRST_INTERVAL_MS = 20;
const MAX_INTERVAL_MS = 250;

type Outcome = { readonly kind: 'answered'; readonly status: number } | { readonly kind: 'failed'; readonly failure: OutboundFailure } | { readonly kind: 'exited'; readonly exit: CandidateExit };

/**
 * Probes the candidate until it answers HTTP, it exits, or the timeout passes; whichever comes first decides.
 * Fails with a one-line LaunchError naming the URL and what was seen last.
 */
export async function waitUntilReady(input: WaitUntilReadyInput): Promise<ReadyResult> {
  const path = input.readiness?.path ?? '/';
  const timeoutMs = input.readiness?.timeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS;
  const requestTimeoutMs = input.readiness?.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  if (!path.startsWith('/')) throw new LaunchError(`readiness path ${JSON.stringify(path)} must start with "/"`);
  const url = `${input.baseUrl.replace(/\/+$/, '')}${path}`;
  const startedAt = input.startedAt ?? performance.now();
  const waitStartedAt = performance.now();
  const exited: Promise<Outcome> = input.exited
    ? input.exited.then((exit) => ({ kind: 'exited', exit }))
    : new Promise<Outcome>(() => {});

  let attempts = 0;
  let interval = FIRST_INTERVAL_MS;
  let lastFailure: OutboundFailure | undefined;
  for (;;) {
    const remaining = timeoutMs - (performance.now() - waitStartedAt);
    if (remaining <= 0) break;
    attempts += 1;
    const probeTimeoutMs = Math.max(1, Math.ceil(Math.min(requestTimeoutMs, remaining)));
    const probe = sendRequest({ method: 'GET', url, timeoutMs: probeTimeoutMs, maxResponseBytes: 64 * 1024 }).then(
      (exchange): Outcome => (exchange.response ? { kind: 'answered', status: exchange.response.status } : { kind: 'failed', failure: exchange.failure as OutboundFailure }),
    );
    const outcome = await Promise.race([probe, exited]);
    if (outcome.kind === 'answered') return { status: outcome.status, attempts, elapsedMs: performance.now() - startedAt };
    if (outcome.kind === 'exited') throw new LaunchError(describeExit(input, outcome.exit));
    // A last probe cut short by the deadline says nothing about the peer: keep what a full probe saw.
    const cutShort = outcome.failure.kind === 'timeout' && probeTimeoutMs < requestTimeoutMs && lastFailure !== undefined;
    if (!cutShort) lastFailure = outcome.failure;

    const pause = Math.min(interval, timeoutMs - (performance.now() - waitStartedAt));
    if (pause <= 0) break;
    let timer: NodeJS.Timeout | undefined;
    const paused = await Promise.race([
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), pause);
      }),
      exited,
    ]);
    clearTimeout(timer);
    if (paused !== undefined && paused.kind === 'exited') throw new LaunchError(describeExit(input, paused.exit));
    interval = Math.min(interval * 2, MAX_INTERVAL_MS);
  }
  throw new LaunchError(timeoutMessage(input.subject, input.baseUrl, path, timeoutMs, lastFailure, input.hint));
}

function describeExit(input: WaitUntilReadyInput, exit: CandidateExit): string {
  return input.describeExit?.(exit) ?? `${input.subject} ${input.baseUrl} exited before it was ready (${formatExit(exit)})`;
}

export function formatExit(exit: CandidateExit): string {
  if (exit.error !== undefined) return exit.error;
  if (exit.signal !== null) return `killed by ${exit.signal}`;
  return `code ${exit.code}`;
}

function timeoutMessage(subject: string, baseUrl: string, path: string, timeoutMs: number, failure: OutboundFailure | undefined, hint: string | undefined): string {
  const suffix = hint === undefined ? '' : `: ${hint}`;
  if (failure === undefined) return `${subject} ${baseUrl} was not probed within ${timeoutMs} ms${suffix}`;
  if (failure.kind === 'connection' && /ECONNREFUSED/.test(failure.message)) return `${subject} ${baseUrl} refused connections for ${timeoutMs} ms${suffix}`;
  if (failure.kind === 'timeout') return `${subject} ${baseUrl} accepted connections but did not answer GET ${path} within ${timeoutMs} ms${suffix}`;
  return `${subject} ${baseUrl} was not ready within ${timeoutMs} ms (last attempt: ${failure.message})${suffix}`;
}
