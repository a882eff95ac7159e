import { randomUUID } from 'node:crypto';
import { startHttpServer, type ServerReply, type ServerRequest } from '../../http/index.ts';

/**
 * A provider's /auth pages in every shape the auth drivers must handle, served on 127.0.0.1. Each page reads
 * `redirect_uri` and `state` from its query as a connector's /auth does, and hands back with `state` appended
 * (plus `error=access_denied` on a failed login).
 */
export interface FixtureProvider {
  readonly url: string;
  /** redirect_uri without its query; served (a browser may land on it), never needed by the HTTP drivers. */
  readonly returnUrlPrefix: string;
  /** The entry URL of a page with the query Banking Service sends: bank, authorisation_id, redirect_uri, state. */
  startUrl(path: string, state?: string): string;
  /** Form submissions the login pages received, for asserting what the driver typed. */
  readonly submissions: Record<string, string>[];
  close(): Promise<void>;
}

export const FIXTURE_USER = Object.freeze({ username: 'ada.lovelace', password: 'Tr0ub4dor&3-horse', otp: '246810' });

const html = (body: string, headers: Record<string, string> = {}): ServerReply => ({
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
  text: `<!doctype html><html><head><meta charset="utf-8"><title>Fixture bank</title></head><body>${body}</body></html>`,
});

const handBack = (redirectUri: string, state: string, error?: string): string => {
  const target = new URL(redirectUri);
  target.searchParams.set('state', state);
  if (error !== undefined) target.searchParams.set('error', error);
  return target.href;
};

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

interface LoginSession {
  readonly redirectUri: string;
  readonly state: string;
  readonly csrf: string;
  passwordOk?: boolean;
}

export async function startFixtureProvider(): Promise<FixtureProvider> {
  const sessions = new Map<string, LoginSession>();
  const submissions: Record<string, string>[] = [];
  const hanging = new Set<() => void>();

  const entry = (request: ServerRequest) => ({ redirectUri: request.query.get('redirect_uri') ?? '', state: request.query.get('state') ?? '' });
  const sessionOf = (request: ServerRequest): [string, LoginSession] | undefined => {
    const sid = /(?:^|;\s*)sid=([^;]+)/.exec(String(request.headers.cookie ?? ''))?.[1];
    const session = sid === undefined ? undefined : sessions.get(sid);
    return sid !== undefined && session !== undefined ? [sid, session] : undefined;
  };
  const formOf = (request: ServerRequest): Record<string, string> => (request.body.kind === 'form' ? { ...request.body.value } : {});
  const startLogin = (request: ServerRequest, form: (csrf: string) => string): ServerReply => {
    const { redirectUri, state } = entry(request);
    const sid = randomUUID();
    const csrf = randomUUID();
    sessions.set(sid, { redirectUri, state, csrf });
    return html(form(csrf), { 'set-cookie': `sid=${sid}; Path=/; HttpOnly; SameSite=Lax` });
  };

  const server = await startHttpServer({
    name: 'fixture-provider',
    routes: [
      { method: 'GET', pattern: '/return', handler: () => html('<p id="returned">Back at Banking Service</p>') },
      // (1) auto-approve: an immediate 302 to redirect_uri with state.
      { method: 'GET', pattern: '/auth/redirect', handler: (request) => {
        const { redirectUri, state } = entry(request);
        return { status: 302, headers: { location: handBack(redirectUri, state) } };
      } },
      // (2) the page the docs allow: a script that sets window.location [C-REFRESH].
      { method: 'GET', pattern: '/auth/script', handler: (request) => {
        const { redirectUri, state } = entry(request);
        return html(`<p>Redirecting…</p><script>window.location.replace(${JSON.stringify(handBack(redirectUri, state)).replace(/&/g, '\\u0026')});</script>`);
      } },
      // A script that computes its target: only a browser follows it.
      { method: 'GET', pattern: '/auth/computed-script', handler: (request) => {
        const { redirectUri, state } = entry(request);
        return html(`<script>var target = ${JSON.stringify(redirectUri)}; window.location = target + '?state=' + encodeURIComponent(${JSON.stringify(state)});</script>`);
      } },
      // (3) a meta refresh.
      { method: 'GET', pattern: '/auth/meta', handler: (request) => {
        const { redirectUri, state } = entry(request);
        return html(`<meta http-equiv="refresh" content="0;url=${escapeHtml(handBack(redirectUri, state))}"><p>Redirecting…</p>`);
      } },
      // (4) a login form: username, password, one-time code, a hidden CSRF field and a cookie session.
      { method: 'GET', pattern: '/auth/login', handler: (request) => startLogin(request, (csrf) => `
        <h1>Sign in to Fixture Bank</h1>
        <form method="post" action="/auth/login">
          <input type="hidden" name="csrf" value="${csrf}">
          <label>Customer ID <input name="username" id="username" autocomplete="username"></label>
          <label>Password <input type="password" name="password" id="password"></label>
          <label>Code from your app <input name="otp" id="otp" inputmode="numeric"></label>
          <select name="account"><option value="current" selected>Current account</option><option value="savings">Savings</option></select>
          <button type="submit" name="action" value="cancel">Cancel</button>
          <button type="submit" name="action" value="approve" id="approve">Sign in and approve</button>
        </form>`) },
      { method: 'POST', pattern: '/auth/login', handler: (request) => {
        const found = sessionOf(request);
        const form = formOf(request);
        submissions.push(form);
        if (found === undefined) return { status: 400, text: 'no session cookie' };
        const [sid, session] = found;
        if (form['csrf'] !== session.csrf) return { status: 400, text: 'bad csrf token' };
        sessions.delete(sid);
        const ok = form['username'] === FIXTURE_USER.username && form['password'] === FIXTURE_USER.password && form['otp'] === FIXTURE_USER.otp && form['action'] === 'approve';
        // Failure goes back to redirect_uri too, with state and an error [C-AUTH].
        return { status: 303, headers: { location: handBack(session.redirectUri, session.state, ok ? undefined : 'access_denied') } };
      } },
      // Two steps: password first, then the one-time code on its own page.
      { method: 'GET', pattern: '/auth/two-step', handler: (request) => startLogin(request, (csrf) => `
        <form method="post" action="/auth/two-step/password"><input type="hidden" name="csrf" value="${csrf}">
          <input name="login"><input type="password" name="pwd"><button>Next</button></form>`) },
      { method: 'POST', pattern: '/auth/two-step/password', handler: (request) => {
        const found = sessionOf(request);
        const form = formOf(request);
        submissions.push(form);
        if (found === undefined || form['csrf'] !== found[1].csrf) return { status: 400, text: 'no session' };
        found[1].passwordOk = form['login'] === FIXTURE_USER.username && form['pwd'] === FIXTURE_USER.password;
        return { status: 303, headers: { location: '/auth/two-step/code' } };
      } },
      { method: 'GET', pattern: '/auth/two-step/code', handler: (request) => sessionOf(request) === undefined
        ? { status: 400, text: 'no session' }
        : html(`<form method="post" action="/auth/two-step/code"><input name="sms_code" autocomplete="one-time-code"><button>Verify</button></form>`) },
      { method: 'POST', pattern: '/auth/two-step/code', handler: (request) => {
        const found = sessionOf(request);
        const form = formOf(request);
        submissions.push(form);
        if (found === undefined) return { status: 400, text: 'no session' };
        const [sid, session] = found;
        sessions.delete(sid);
        const ok = session.passwordOk === true && form['sms_code'] === FIXTURE_USER.otp;
        return { status: 303, headers: { location: handBack(session.redirectUri, session.state, ok ? undefined : 'access_denied') } };
      } },
      // A login that shows the same form again on a wrong password instead of handing back.
      { method: 'GET', pattern: '/auth/login-again', handler: () => html(`<form method="post"><input name="username"><input type="password" name="password"><button>Sign in</button></form>`) },
      { method: 'POST', pattern: '/auth/login-again', handler: (request) => {
        submissions.push(formOf(request));
        return html(`<p>Wrong password</p><form method="post"><input name="username"><input type="password" name="password"><button>Sign in</button></form>`);
      } },
      // A GET form: the credentials travel in the URL.
      { method: 'GET', pattern: '/auth/get-login', handler: (request) => {
        const { redirectUri, state } = entry(request);
        return html(`<form action="/auth/get-login/submit"><input type="hidden" name="back" value="${escapeHtml(handBack(redirectUri, state))}"><input name="user"><input type="password" name="pass"><button>Go</button></form>`);
      } },
      { method: 'GET', pattern: '/auth/get-login/submit', handler: (request) => {
        submissions.push(Object.fromEntries(request.query));
        return { status: 302, headers: { location: request.query.get('back') ?? '/' } };
      } },
      // A consent tile only script can operate (no form): what a provider script (or steps) is for.
      { method: 'GET', pattern: '/auth/widget', handler: (request) => {
        const { redirectUri, state } = entry(request);
        return html(`<div id="tile" role="button" tabindex="0">Connect Fixture Bank</div>
          <script>document.getElementById('tile').addEventListener('click', () => { window.location.href = ${JSON.stringify(handBack(redirectUri, state))}; });</script>`);
      } },
      // A page whose script never yields: the browser's renderer is busy for good.
      { method: 'GET', pattern: '/auth/busy', handler: () => html(`<form method="post"><input name="username"></form><script>document.addEventListener('DOMContentLoaded', () => { for (;;) {} });</script>`) },
      // (5) a page that never hands back.
      { method: 'GET', pattern: '/auth/stuck', handler: () => html('<p>Please call your branch to continue.</p>') },
      // (6) refused at the first hop: a replayed or unknown authorisation_id.
      { method: 'GET', pattern: '/auth/refuse', handler: () => ({ status: 400, text: 'unknown authorisation_id' }) },
      // (7) a server error and a hang.
      { method: 'GET', pattern: '/auth/error', handler: () => ({ status: 500, text: 'internal error' }) },
      { method: 'GET', pattern: '/auth/hang', handler: () => new Promise<ServerReply>((resolve) => hanging.add(() => resolve({ status: 204 }))) },
      { method: 'GET', pattern: '/auth/json', handler: () => ({ status: 200, json: { ok: true } }) },
      // (8) a redirect loop.
      { method: 'GET', pattern: '/auth/loop', handler: () => ({ status: 302, headers: { location: '/auth/loop-back' } }) },
      { method: 'GET', pattern: '/auth/loop-back', handler: () => ({ status: 302, headers: { location: '/auth/loop' } }) },
    ],
  });

  const returnUrlPrefix = `${server.url}/return`;
  return {
    url: server.url,
    returnUrlPrefix,
    submissions,
    startUrl(path, state = randomUUID()) {
      const query = new URLSearchParams({ bank: 'fixture-bank', authorisation_id: randomUUID(), redirect_uri: returnUrlPrefix, state });
      return `${server.url}${path}?${query}`;
    },
    async close() {
      for (const release of hanging) release();
      await server.close();
    },
  };
}
