import { sendRequest, type OutboundExchange } from '../http/index.ts';
import { assertDriveInput, type AuthDriveInput, type AuthDriveOutcome, type AuthDriveResult, type AuthHop, type AuthHopKind } from './auth-driver.ts';
import { CookieJar } from './cookie-jar.ts';
import { chooseForm, fillForm } from './form-filling.ts';
import { buildFormRequest } from './form-submission.ts';
import { parseHtmlDocument, resolveUrl } from './html-document.ts';
import { findForms } from './html-forms.ts';
import { findHtmlRedirect } from './html-redirect.ts';
import { maskCredentials } from './mask-credentials.ts';
import { recordHop } from './record-hop.ts';
import { reachesReturnUrl } from './return-url.ts';

/**
 * The browser the redirect and form drivers play without a browser: one request per hop through sendRequest (so
 * every hop has an explicit timeout and never throws), cookies kept, redirects followed by hand. What a 30x, a
 * script or meta redirect, or (with `forms`) a form leads to is the next hop, until redirect_uri is reached.
 */
export interface HttpWalkOptions {
  readonly driver: 'redirect' | 'form';
  /** Requests to the candidate before the walk is called a loop. */
  readonly maxHops?: number;
  /** Fill and submit forms (the form driver); without it a form is a page the driver cannot act on. */
  readonly forms?: { readonly fields?: Readonly<Record<string, string>>; readonly maxSubmissions?: number };
  /** A bigger page is the candidate's fault, not a reason to exhaust memory. */
  readonly maxPageBytes?: number;
}

export const DEFAULT_MAX_HOPS = 10;
const DEFAULT_MAX_SUBMISSIONS = 5;
const DEFAULT_MAX_PAGE_BYTES = 2 * 1024 * 1024;
const FOLLOWED_REDIRECTS = new Set([301, 302, 303, 307, 308]);
const BASE_HEADERS = Object.freeze({
  'user-agent': 'bsck-auth-driver (Banking Service Provider Conformance Kit)',
  accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8',
});

interface NextRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | undefined;
}

type Step =
  | { readonly kind: 'follow'; readonly hopKind: AuthHopKind; readonly next: NextRequest; readonly via: string }
  | { readonly kind: 'end'; readonly hopKind: AuthHopKind; readonly outcome: Exclude<AuthDriveOutcome, 'returned'>; readonly message: string };

export async function walkOverHttp(input: AuthDriveInput, options: HttpWalkOptions): Promise<AuthDriveResult> {
  assertDriveInput(input);
  const started = performance.now();
  const deadline = started + input.timeoutMs;
  const maxHops = options.maxHops ?? DEFAULT_MAX_HOPS;
  const jar = new CookieJar();
  const hops: AuthHop[] = [];
  const submittedForms = new Set<string>();
  const mask = (text: string) => maskCredentials(text, input.user);
  const finish = (outcome: AuthDriveOutcome, message: string, returnUrl?: string): AuthDriveResult => ({
    outcome,
    ...(returnUrl !== undefined ? { returnUrl } : {}),
    hops: hops.map((hop) => ({ ...hop, url: mask(hop.url) })),
    message: mask(message),
    durationMs: Math.round(performance.now() - started),
  });

  let next: NextRequest = { method: 'GET', url: input.startUrl, headers: {}, body: undefined };
  const vias: string[] = [];
  for (;;) {
    if (hops.length >= maxHops) {
      return finish('candidate-error', `${maxHops} requests went by without reaching redirect_uri (last: ${describeRequest(next)}): a redirect loop, or a flow longer than the driver follows`);
    }
    const remaining = deadline - performance.now();
    if (remaining <= 0) return finish('timeout', `the drive ran out of its ${input.timeoutMs} ms before ${describeRequest(next)}`);

    const cookie = jar.header(next.url);
    const exchange = await sendRequest({
      method: next.method,
      url: next.url,
      headers: { ...BASE_HEADERS, ...(cookie !== undefined ? { cookie } : {}), ...next.headers },
      ...(next.body !== undefined ? { body: next.body } : {}),
      timeoutMs: Math.max(1, Math.ceil(remaining)),
      maxResponseBytes: options.maxPageBytes ?? DEFAULT_MAX_PAGE_BYTES,
    });
    const first = hops.length === 0;
    recordHop(input.traffic, {
      driver: options.driver,
      sequence: hops.length + 1,
      operationId: first ? input.operationId : undefined,
      startedAt: exchange.startedAt,
      durationMs: exchange.durationMs,
      request: exchange.request,
      ...(exchange.response !== undefined ? { response: exchange.response } : {}),
      ...(exchange.failure !== undefined ? { failure: exchange.failure.message } : {}),
      ...(input.user !== undefined ? { user: input.user } : {}),
    });
    if (exchange.response !== undefined) jar.store(next.url, exchange.response.headers['set-cookie']);

    const step = interpret(exchange, next, first, { input, options, submittedForms, timeoutMs: input.timeoutMs });
    hops.push({ method: next.method, url: next.url, status: exchange.response?.status, kind: step.hopKind });
    if (step.kind === 'end') return finish(step.outcome, step.message);

    vias.push(step.via);
    if (reachesReturnUrl(step.next.url, input.returnUrlPrefix)) {
      return finish('returned', `the candidate sent the browser to redirect_uri after ${hops.length} request(s), via ${vias.join(' → ')}`, step.next.url);
    }
    next = step.next;
  }
}

interface WalkContext {
  readonly input: AuthDriveInput;
  readonly options: HttpWalkOptions;
  readonly submittedForms: Set<string>;
  readonly timeoutMs: number;
}

/** What one answer means: where the browser goes next, or how the drive ends. */
function interpret(exchange: OutboundExchange, sent: NextRequest, first: boolean, context: WalkContext): Step {
  const what = describeRequest(sent);
  const { response, failure } = exchange;
  if (failure?.kind === 'timeout') return end('page', 'timeout', `${what} got no complete answer within the drive's ${context.timeoutMs} ms`);
  if (failure !== undefined || response === undefined) return end('page', 'candidate-error', `${what} failed: ${failure?.message ?? 'no response'}`);

  const { status } = response;
  if (FOLLOWED_REDIRECTS.has(status)) {
    const location = response.headers['location'];
    if (location === undefined || location.trim() === '') return end('30x', 'candidate-error', `${what} answered ${status} without a Location header`);
    const target = resolveUrl(location, sent.url);
    if (target === undefined || !/^https?:$/.test(new URL(target).protocol)) {
      return end('30x', 'candidate-error', `${what} answered ${status} with Location "${location}", which is not an http(s) URL`);
    }
    // 307/308 repeat the request as it was; the others turn it into a GET, as browsers do.
    const keep = status === 307 || status === 308;
    const next: NextRequest = keep ? { ...sent, url: target } : { method: 'GET', url: target, headers: {}, body: undefined };
    return { kind: 'follow', hopKind: '30x', next, via: String(status) };
  }
  if (status >= 400) {
    if (first && status < 500) return end('page', 'refused', `${what} answered ${status}: the candidate refused the authorisation at the first request`);
    return end('page', 'candidate-error', `${what} answered ${status}${first ? '' : ' after the flow had started'}`);
  }
  if (status < 200 || status >= 300 || status === 204 || status === 205) {
    return end('page', 'candidate-error', `${what} answered ${status}, which is neither a page nor a redirect a browser follows`);
  }
  const contentType = response.headers['content-type'] ?? '';
  const text = response.body.toString('utf8');
  if (!looksLikeHtml(contentType, text)) {
    return end('page', 'candidate-error', `${what} answered ${status} with ${contentType === '' ? 'no content type' : `content type ${contentType}`}, not an HTML page [C-AUTH]`);
  }
  return interpretPage(text, sent, context);
}

function interpretPage(html: string, sent: NextRequest, context: WalkContext): Step {
  const what = describeRequest(sent);
  const page = parseHtmlDocument(html, sent.url);
  const forms = findForms(page);
  const { options, input } = context;

  if (options.forms !== undefined) {
    const chosen = chooseForm(forms);
    if (chosen !== undefined) {
      const { form, submitter } = chosen;
      const signature = `${form.method} ${form.action} ${form.controls.map((control) => control.name).sort().join(',')}`;
      if (context.submittedForms.has(signature)) {
        return end('page', 'stuck', `${what} showed the form the driver had already submitted: a failed login must still send the user to redirect_uri with state [C-AUTH] [C-REFRESH]`);
      }
      if (context.submittedForms.size >= (options.forms.maxSubmissions ?? DEFAULT_MAX_SUBMISSIONS)) {
        return end('page', 'stuck', `${what} showed yet another form after ${context.submittedForms.size} submissions`);
      }
      const filled = fillForm(chosen, { user: input.user, ...(options.forms.fields !== undefined ? { fields: options.forms.fields } : {}) });
      if (input.user === undefined && filled.unfilled.length > 0) {
        return end('page', 'stuck', `${what} asks for ${filled.unfilled.join(', ')} but the drive has no test user: declare auth.users in the config`);
      }
      context.submittedForms.add(signature);
      const request = buildFormRequest(form, submitter, filled.entries, page.baseUrl);
      return {
        kind: 'follow',
        hopKind: 'form',
        next: { method: request.method, url: request.url, headers: request.headers, body: request.body },
        via: `form${filled.filled.length > 0 ? ` (${filled.filled.join(', ')})` : ''}`,
      };
    }
  }

  const redirect = findHtmlRedirect(page);
  if (redirect.found !== undefined) {
    return { kind: 'follow', hopKind: 'script', next: { method: 'GET', url: redirect.found.url, headers: {}, body: undefined }, via: redirect.found.via };
  }
  if (forms.length > 0 && options.forms === undefined) {
    return end('page', 'stuck', `${what} shows a form, and the redirect driver submits none: use the candidate's auto-approve mode, or the form or browser driver`);
  }
  if (redirect.scriptMentionsLocation) {
    return end('page', 'stuck', `${what} sets the location from a computed value, which only the browser driver can follow`);
  }
  return end('page', 'stuck', `${what} shows a page with neither a form nor a redirect: the provider must end by sending the user to redirect_uri with state [C-AUTH] [C-REFRESH]`);
}

const end = (hopKind: AuthHopKind, outcome: Exclude<AuthDriveOutcome, 'returned'>, message: string): Step => ({ kind: 'end', hopKind, outcome, message });

function describeRequest(request: NextRequest): string {
  try {
    return `${request.method} ${new URL(request.url).pathname}`;
  } catch {
    return `${request.method} ${request.url}`;
  }
}

function looksLikeHtml(contentType: string, body: string): boolean {
  const media = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (media === 'text/html' || media === 'application/xhtml+xml') return true;
  return media === '' && body.trimStart().startsWith('<');
}
