import type { Frame, Page, Request, Response } from 'playwright-core';
import type { TestUser } from '../config/config-types.ts';
import type { TrafficLog } from '../traffic/index.ts';
import type { AuthHop, AuthHopKind, AuthOperationId } from './auth-driver.ts';
import { recordHop } from './record-hop.ts';
import { reachesReturnUrl } from './return-url.ts';

export interface PageWatchOptions {
  readonly startUrl: string;
  readonly returnUrlPrefix: string;
  readonly operationId: AuthOperationId;
  readonly traffic?: TrafficLog;
  readonly user?: TestUser;
}

/** A main-frame navigation the browser made: one hop of the drive. */
interface BrowserHop {
  readonly request: Request;
  readonly method: string;
  readonly url: string;
  status: number | undefined;
  failure: string | undefined;
  /** The driver typed or clicked on this document, so what it led to was the driver's doing. */
  acted: boolean;
  kind: AuthHopKind | undefined;
}

interface TrackedRequest {
  readonly sequence: number;
  readonly startedAt: string;
  readonly startedPerf: number;
  /** When this process heard of the answer's headers: the end of a redirect, the start of a body. */
  respondedPerf: number | undefined;
  recorded: boolean;
}

export type NavigationWait = 'navigated' | 'returned' | 'timeout';

/** How long the drive's end waits for the last answers' bodies to be read for the traffic log. */
const RECORDING_GRACE_MS = 2000;
/** Chromium may never hand over the body of a document the page already left: such a read gives up, empty. */
const READ_TIMEOUT_MS = 1000;

/**
 * Watches one page for the browser driver: every main-frame navigation as a hop, the moment the candidate sends the
 * browser to redirect_uri (by 30x, script or form: the request leaving is enough, whether or not anything answers
 * there), and every request to the candidate's origin into the traffic log. No request is intercepted: routing
 * made Playwright's page close wait on busy or half-answered pages, and a real browser goes there too.
 */
export class PageWatch {
  readonly hops: BrowserHop[] = [];
  returnUrl: string | undefined;
  navigations = 0;

  private readonly candidateOrigin: string;
  private readonly tracked = new Map<Request, TrackedRequest>();
  private readonly hopOf = new Map<Request, BrowserHop>();
  private readonly wakers = new Set<() => void>();
  private sequence = 0;
  private readonly recordings = new Set<Promise<void>>();
  private detached = false;
  private recordingError: unknown;
  private finishing: Promise<AuthHop[]> | undefined;
  private readonly onRequestEvent = (request: Request): void => this.onRequest(request);
  private readonly onResponseEvent = (response: Response): void => this.onResponse(response);
  private readonly onFinishedEvent = (request: Request): void => this.onSettled(request, undefined);
  private readonly onFailedEvent = (request: Request): void => this.onSettled(request, request.failure()?.errorText ?? 'failed');
  private readonly onNavigatedEvent = (frame: Frame): void => {
    if (frame !== this.page.mainFrame()) return;
    this.navigations += 1;
    this.wake();
  };

  private constructor(private readonly page: Page, private readonly options: PageWatchOptions) {
    this.candidateOrigin = new URL(options.startUrl).origin;
  }

  static attach(page: Page, options: PageWatchOptions): PageWatch {
    const watch = new PageWatch(page, options);
    page.on('request', watch.onRequestEvent);
    page.on('response', watch.onResponseEvent);
    page.on('requestfinished', watch.onFinishedEvent);
    page.on('requestfailed', watch.onFailedEvent);
    page.on('framenavigated', watch.onNavigatedEvent);
    return watch;
  }

  /** The document the page shows now (or is loading): the last hop. */
  currentHop(): BrowserHop | undefined {
    return this.hops.at(-1);
  }

  markActed(): void {
    const hop = this.currentHop();
    if (hop !== undefined) hop.acted = true;
  }

  /** The current document is an error: answered 4xx/5xx or failed to load. */
  documentFailed(): boolean {
    const hop = this.currentHop();
    return hop !== undefined && (hop.failure !== undefined || (hop.status !== undefined && hop.status >= 400));
  }

  /** A page of the provider's (http(s), not the hand-back): what a screenshot or the heuristics look at. */
  isProviderPage(url: string): boolean {
    return /^https?:/.test(url) && !reachesReturnUrl(url, this.options.returnUrlPrefix);
  }

  /** Resolves on the first main-frame navigation after `since` navigations, on the hand-back, or after `timeoutMs`. */
  waitForNavigationOrReturn(since: number, timeoutMs: number): Promise<NavigationWait> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        const state: NavigationWait | undefined = this.returnUrl !== undefined ? 'returned' : this.navigations > since ? 'navigated' : undefined;
        if (state === undefined) return false;
        settle(state);
        return true;
      };
      const settle = (state: NavigationWait) => {
        clearTimeout(timer);
        this.wakers.delete(waker);
        resolve(state);
      };
      const waker = () => void check();
      const timer = setTimeout(() => settle(this.returnUrl !== undefined ? 'returned' : 'timeout'), Math.max(0, timeoutMs));
      this.wakers.add(waker);
      check();
    });
  }

  /** Whether a request to the candidate is still waiting for its answer (a hung candidate, not a stuck page). */
  candidateRequestInFlight(): boolean {
    return [...this.tracked.values()].some((tracked) => !tracked.recorded);
  }

  /**
   * Stops watching and settles the evidence: the traffic of every finished request, the requests still unanswered
   * (recorded as such), and the kind of every hop.
   */
  finish(): Promise<AuthHop[]> {
    this.finishing ??= this.settle();
    return this.finishing;
  }

  private async settle(): Promise<AuthHop[]> {
    this.detached = true;
    this.page.off('request', this.onRequestEvent);
    this.page.off('response', this.onResponseEvent);
    this.page.off('requestfinished', this.onFinishedEvent);
    this.page.off('requestfailed', this.onFailedEvent);
    this.page.off('framenavigated', this.onNavigatedEvent);
    let graceTimer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(this.recordings), new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, RECORDING_GRACE_MS)))]);
    clearTimeout(graceTimer);
    if (this.recordingError !== undefined) throw this.recordingError;
    for (const [request, tracked] of this.tracked) {
      if (!tracked.recorded) this.record(request, tracked, undefined, 'no answer before the drive ended');
    }
    return this.hops.map((hop, index) => ({
      method: hop.method,
      url: hop.url,
      status: hop.status,
      kind: hop.kind ?? (hop.status !== undefined && hop.status >= 300 && hop.status < 400 ? '30x' : index === this.hops.length - 1 ? 'page' : 'script'),
    }));
  }

  private onRequest(request: Request): void {
    if (this.detached) return;
    const url = request.url();
    if (this.isMainFrameNavigation(request)) {
      this.closeCurrentHop(request);
      if (reachesReturnUrl(url, this.options.returnUrlPrefix)) {
        this.returnUrl ??= url;
        this.wake();
        return;
      }
      const hop: BrowserHop = { request, method: request.method(), url, status: undefined, failure: undefined, acted: false, kind: undefined };
      this.hops.push(hop);
      this.hopOf.set(request, hop);
    }
    if (new URL(url).origin === this.candidateOrigin && !reachesReturnUrl(url, this.options.returnUrlPrefix)) {
      this.sequence += 1;
      this.tracked.set(request, { sequence: this.sequence, startedAt: new Date().toISOString(), startedPerf: performance.now(), respondedPerf: undefined, recorded: false });
    }
  }

  /** What the previous document turned out to be, now that the browser leaves it. */
  private closeCurrentHop(next: Request): void {
    const hop = this.currentHop();
    if (hop === undefined || hop.kind !== undefined) return;
    if (hop.status !== undefined && hop.status >= 300 && hop.status < 400) hop.kind = '30x';
    // A POST navigation is a form submission even when a provider script, not the driver, pressed the button.
    else hop.kind = hop.acted || next.method() === 'POST' ? 'form' : 'script';
  }

  private onResponse(response: Response): void {
    const hop = this.hopOf.get(response.request());
    if (hop !== undefined) hop.status = response.status();
    const tracked = this.tracked.get(response.request());
    if (tracked !== undefined) tracked.respondedPerf ??= performance.now();
  }

  private onSettled(request: Request, failure: string | undefined): void {
    const hop = this.hopOf.get(request);
    if (hop !== undefined && failure !== undefined) hop.failure = failure;
    const tracked = this.tracked.get(request);
    if (tracked === undefined || tracked.recorded || this.detached) return;
    tracked.recorded = true;
    // A failure to record is the kit's, kept for finish() to throw.
    const recording: Promise<void> = this.readAndRecord(request, tracked, failure)
      .catch((error: unknown) => {
        this.recordingError ??= error;
      })
      .finally(() => this.recordings.delete(recording));
    this.recordings.add(recording);
    this.wake();
  }

  private async readAndRecord(request: Request, tracked: TrackedRequest, failure: string | undefined): Promise<void> {
    // The page may close or move on under any of these reads; what could not be read is recorded as empty, never thrown.
    let bodyUnavailable = false;
    // Read at once and side by side: the longer a page has moved on, the less Chromium still holds.
    const [headers, answer] = await Promise.all([bounded(request.allHeaders(), () => request.headers()), bounded(request.response(), () => null)]);
    let response: { status: number; headers: Record<string, string>; body: Buffer } | undefined;
    if (answer !== null) {
      const [responseHeaders, body] = await Promise.all([
        bounded(answer.allHeaders(), () => answer.headers()),
        // Redirect answers have no readable body in Playwright; a page left at once may have lost it.
        bounded(answer.body(), () => undefined),
      ]);
      const status = answer.status();
      bodyUnavailable = body === undefined && !(status >= 300 && status < 400);
      response = { status, headers: responseHeaders, body: body ?? Buffer.alloc(0) };
    }
    this.record(request, tracked, { headers, response, bodyUnavailable }, failure);
  }

  private record(
    request: Request,
    tracked: TrackedRequest,
    read: { headers: Record<string, string>; response: { status: number; headers: Record<string, string>; body: Buffer } | undefined; bodyUnavailable: boolean } | undefined,
    failure: string | undefined,
  ): void {
    tracked.recorded = true;
    // Times on this process's clock, like every other record: the checks order a hop against the PATCH the simulator
    // recorded, and Chromium's timing put the end of a 303 ahead of the PATCH the connector had finished before sending it.
    const durationMs = (tracked.respondedPerf ?? performance.now()) - tracked.startedPerf;
    recordHop(this.options.traffic, {
      driver: 'browser',
      sequence: tracked.sequence,
      operationId: tracked.sequence === 1 && this.isMainFrameNavigation(request) ? this.options.operationId : undefined,
      startedAt: tracked.startedAt,
      durationMs,
      request: { method: request.method(), url: request.url(), headers: read?.headers ?? request.headers(), body: request.postDataBuffer() ?? Buffer.alloc(0) },
      ...(read?.response !== undefined ? { response: read.response } : {}),
      ...(failure !== undefined ? { failure } : {}),
      ...(this.options.user !== undefined ? { user: this.options.user } : {}),
      // An empty body here means "not captured", never "the candidate sent nothing".
      ...(read?.bodyUnavailable === true ? { annotations: { responseBody: 'unavailable' } } : {}),
    });
  }

  private isMainFrameNavigation(request: Request): boolean {
    try {
      return request.isNavigationRequest() && request.frame() === this.page.mainFrame();
    } catch {
      // Service-worker requests have no frame.
      return false;
    }
  }

  private wake(): void {
    for (const waker of [...this.wakers]) waker();
  }
}

/** A Playwright read that settles within READ_TIMEOUT_MS: its value, or the fallback when it fails or hangs. */
function bounded<T>(read: Promise<T>, fallback: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback()), READ_TIMEOUT_MS)));
  return Promise.race([read.catch(() => fallback()), late]).finally(() => clearTimeout(timer));
}
