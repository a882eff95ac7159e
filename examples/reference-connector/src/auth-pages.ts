import { randomBytes } from 'node:crypto';
import { backoffMs, delay } from './backoff.ts';
import type { AuthorisationSessions } from './authorisation-sessions.ts';
import { errorPage, loginPage, redirectPage } from './auth-templates.ts';
import type { ConnectorConfig } from './config.ts';
import type { Logger } from './log.ts';
import { ProviderApiTransportError, type ProviderApiClient } from './provider-api-client.ts';
import { htmlReply, redirectReply, type Reply, type RequestContext } from './server.ts';
import type { BankAccount, BankUser, TestBank } from './test-bank/index.ts';

type Purpose = 'onboarding' | 'reauthorisation';

/** What the login form stands for, kept server-side so the browser cannot alter redirect_uri or state. */
interface LoginSession {
  readonly purpose: Purpose;
  readonly authorisationId: string;
  readonly redirectUri: string;
  readonly state: string;
  /** /authrefresh only: the account being re-authorised. */
  readonly externalId: string | undefined;
  readonly createdAtMs: number;
}

export interface AuthPagesOptions {
  readonly config: ConnectorConfig;
  readonly sessions: AuthorisationSessions;
  readonly bank: TestBank;
  readonly api: ProviderApiClient;
  readonly log: Logger;
  readonly now: () => number;
  /** Called after a successful re-authorisation restored the user's consent. */
  readonly onConsentRestored: (username: string) => void;
  /** Whether one of our accounts is linked to a live bank account (used only by the patch-omits-connected-accounts fault). */
  readonly isConnected?: (externalId: string) => boolean;
}

const LOGIN_SESSION_LIFETIME_MS = 20 * 60_000;
const FORM_LIMIT_BYTES = 16_384;

/**
 * Appends state (and error on failure) to redirect_uri as query parameters (policy redirect-state-format) [C-AUTH]
 * [C-REFRESH], keeping redirect_uri's own query and fragment byte for byte.
 */
export function redirectTarget(redirectUri: string, parameters: Readonly<Record<string, string>>): string {
  const hashAt = redirectUri.indexOf('#');
  const base = hashAt === -1 ? redirectUri : redirectUri.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : redirectUri.slice(hashAt);
  const query = Object.entries(parameters)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  if (query === '') return redirectUri;
  const separator = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${separator}${query}${fragment}`;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * GET /auth and GET /authrefresh: the bank's own sign-in, reached by the user's browser [C-AUTH] [C-REFRESH].
 * Only an authorisation_id announced by a notification in the last ~20 minutes and not used yet is served [SEC];
 * anything else gets an error page and no PATCH. A finished login (success or failure) consumes the id.
 */
export class AuthPages {
  readonly #options: AuthPagesOptions;
  readonly #logins = new Map<string, LoginSession>();
  /** Only the reauth-patch-onboarding-id fault reads it. */
  #firstOnboardingId: string | undefined;

  constructor(options: AuthPagesOptions) {
    this.#options = options;
  }

  /** GET /auth?bank&authorisation_id&redirect_uri&state [C-AUTH] */
  async auth(context: RequestContext): Promise<Reply> {
    return this.#start(context, 'onboarding');
  }

  /** GET /authrefresh?bankaccount&authorisation_id&redirect_uri&state&externalId [C-REFRESH] */
  async authRefresh(context: RequestContext): Promise<Reply> {
    return this.#start(context, 'reauthorisation');
  }

  /** POST /auth/login: the form of the login page. */
  async login(context: RequestContext): Promise<Reply> {
    const form = new URLSearchParams((await context.readBody(FORM_LIMIT_BYTES)).toString('utf8'));
    const sessionId = form.get('session') ?? '';
    const login = this.#logins.get(sessionId);
    this.#logins.delete(sessionId);
    if (login === undefined || this.#options.now() - login.createdAtMs > LOGIN_SESSION_LIFETIME_MS) {
      return htmlReply(400, errorPage('Sign-in expired', 'This sign-in form is no longer valid.'));
    }
    const check = this.#options.sessions.check(login.authorisationId);
    if (!check.ok) return this.#refused(check.reason, login.purpose);
    this.#options.sessions.consume(login.authorisationId);

    if (form.get('action') === 'cancel') return this.#failure(login, 'the user cancelled');
    const user = this.#options.bank.authenticate(form.get('username') ?? '', form.get('password') ?? '', form.get('otp') ?? '');
    if (user === undefined) return this.#failure(login, 'wrong credentials');
    return this.#approve(login, user);
  }

  async #start(context: RequestContext, purpose: Purpose): Promise<Reply> {
    const { query } = context;
    const authorisationId = query.get('authorisation_id') ?? '';
    const redirectUri = query.get('redirect_uri') ?? '';
    const state = query.get('state') ?? '';
    const externalId = purpose === 'reauthorisation' ? (query.get('externalId') ?? '') : undefined;
    const missing = [
      authorisationId === '' ? 'authorisation_id' : undefined,
      redirectUri === '' ? 'redirect_uri' : undefined,
      state === '' ? 'state' : undefined,
      externalId === '' ? 'externalId' : undefined,
    ].filter((name) => name !== undefined);
    if (missing.length > 0) return htmlReply(400, errorPage('Incomplete sign-in link', `The link is missing ${missing.join(', ')}.`));
    if (!isHttpUrl(redirectUri)) return htmlReply(400, errorPage('Invalid sign-in link', 'The return address in the link is not a web address.'));
    const account = externalId === undefined ? undefined : this.#options.bank.account(externalId);
    if (externalId !== undefined && account === undefined) return htmlReply(400, errorPage('Unknown account', 'The account to re-authorise is not known to this bank.'));

    const check = this.#options.sessions.check(authorisationId);
    if (!check.ok) return this.#refused(check.reason, purpose);

    const login: LoginSession = { purpose, authorisationId, redirectUri, state, externalId, createdAtMs: this.#options.now() };
    if (this.#options.config.authMode === 'auto-approve') {
      // For the kit's redirect auth driver: approve at once as the configured test user, answer with a script redirect.
      this.#options.sessions.consume(authorisationId);
      const user = this.#options.bank.user(this.#options.config.testBankAutoUser);
      const reply = user === undefined ? await this.#failure(login, 'auto user unknown') : await this.#approve(login, user);
      const location = reply.headers?.location;
      if (reply.status !== 303 || location === undefined) return reply;
      const nonce = randomBytes(16).toString('base64');
      return htmlReply(200, redirectPage(location, nonce), { scriptNonce: nonce });
    }
    const sessionId = randomBytes(24).toString('base64url');
    this.#prune();
    this.#logins.set(sessionId, login);
    const frame = this.#options.config.faults.has('deny-framing') ? { headers: { 'x-frame-options': 'DENY' } } : {};
    return htmlReply(200, loginPage({ purpose, sessionId, ...(account === undefined ? {} : { accountName: account.accountName }) }), frame);
  }

  #refused(reason: 'unannounced' | 'expired' | 'used', purpose: Purpose): Reply {
    this.#options.log.warn('authorisation refused', { purpose, reason });
    if (this.#options.config.faults.has('crash-on-refused-authorisation')) throw new Error(`authorisation ${reason}`);
    const message = {
      unannounced: 'This sign-in link was not announced by Sage Banking Service.',
      expired: 'This sign-in link has expired.',
      used: 'This sign-in link has already been used.',
    }[reason];
    return htmlReply(403, errorPage('Sign-in link not valid', message));
  }

  /** Failure: back to redirect_uri with state and error=access_denied, and no PATCH [C-AUTH] [C-REFRESH]. */
  async #failure(login: LoginSession, why: string): Promise<Reply> {
    this.#options.log.info('authorisation failed', { purpose: login.purpose, reason: why });
    if (this.#options.config.faults.has('no-redirect-on-failure')) return htmlReply(401, errorPage('Sign-in failed', 'The details you entered are not correct.'));
    return redirectReply(this.#target(login, 'access_denied'));
  }

  async #approve(login: LoginSession, user: BankUser): Promise<Reply> {
    const { bank, config, log } = this.#options;
    let accounts = bank.accountsOf(user.username);
    if (login.purpose === 'reauthorisation' && !accounts.some((account) => account.externalId === login.externalId)) {
      // Someone else's account: the consent cannot be renewed by this user.
      return this.#failure(login, 'the account belongs to another user');
    }
    const { faults } = config;
    let body: { data: { status: 'success'; bankAccounts?: unknown[] } };
    if (login.purpose === 'onboarding') {
      if (faults.has('empty-onboarding-patch')) accounts = [];
      if (faults.has('patch-omits-connected-accounts')) accounts = accounts.filter((account) => !(this.#options.isConnected?.(account.externalId) ?? false));
      // All of the user's accounts, also those onboarded before: BS deduplicates by bank + account identifier [P-AUTHZ].
      const granted = accounts.map((account) => grantedAccount(account, faults.has('patch-wrong-field-type')));
      if (faults.has('duplicate-external-id') && granted[2] !== undefined && accounts[1] !== undefined) granted[2].bankAccountExternalId = accounts[1].externalId;
      body = { data: { status: 'success', bankAccounts: granted } };
    } else {
      // No accounts on re-authorisation (policy reauth-patch-accounts, none-or-empty) [P-AUTHZ] [F-REAUTH] [BRUNO].
      body = { data: { status: 'success' } };
      if (faults.has('accounts-in-reauth-patch')) body.data.bankAccounts = accounts.map((account) => grantedAccount(account, false));
    }
    if (faults.has('redirect-before-patch')) {
      setTimeout(() => void this.#patch(login.authorisationId, body).catch(() => false), 200);
      bank.grantConsent(user.username);
      return redirectReply(this.#target(login, undefined));
    }
    if (faults.has('reauth-patch-onboarding-id') && login.purpose === 'onboarding') this.#firstOnboardingId ??= login.authorisationId;
    const patchId = faults.has('reauth-patch-onboarding-id') && login.purpose === 'reauthorisation' ? (this.#firstOnboardingId ?? login.authorisationId) : login.authorisationId;
    const patched = await this.#patch(patchId, body);
    if (!patched) return redirectReply(this.#target(login, 'server_error'));
    bank.grantConsent(user.username);
    log.info('authorisation completed', { purpose: login.purpose, accounts: body.data.bankAccounts?.length ?? 0 });
    if (login.purpose === 'reauthorisation') this.#options.onConsentRestored(user.username);
    return redirectReply(this.#target(login, undefined));
  }

  /** PATCH /v1/authorisations/{id}; a transport failure or 5xx is retried (the PATCH is idempotent). */
  async #patch(authorisationId: string, body: unknown): Promise<boolean> {
    const { api, config, log } = this.#options;
    const path = `/v1/authorisations/${encodeURIComponent(config.faults.has('patch-own-authorisation-id') ? randomBytes(16).toString('hex') : authorisationId)}`;
    for (let attempt = 0; attempt <= 2; attempt += 1) {
      try {
        const response = await api.request('PATCH', path, body);
        if (response.status >= 200 && response.status < 300) return true;
        if (response.status < 500) {
          log.error('PATCH /v1/authorisations refused', { status: response.status });
          return false;
        }
      } catch (error) {
        if (!(error instanceof ProviderApiTransportError)) throw error;
      }
      await delay(backoffMs(attempt, config.timing.initialBackoffMs, config.timing.maxBackoffMs));
    }
    log.error('PATCH /v1/authorisations failed after retries');
    return false;
  }

  #target(login: LoginSession, error: string | undefined): string {
    const parameters: Record<string, string> = {};
    if (!this.#options.config.faults.has('no-state-on-redirect')) parameters.state = login.state;
    if (error !== undefined) parameters.error = error;
    return redirectTarget(login.redirectUri, parameters);
  }

  #prune(): void {
    const horizon = this.#options.now() - LOGIN_SESSION_LIFETIME_MS;
    for (const [id, login] of this.#logins) if (login.createdAtMs < horizon) this.#logins.delete(id);
  }
}

/** One PATCH bankAccounts entry; every field a string [P-AUTHZ] (accountIdentifier a number only under the fault). */
function grantedAccount(account: BankAccount, wrongFieldType: boolean): Record<string, unknown> {
  return {
    bankAccountExternalId: account.externalId,
    accountName: account.accountName,
    bankIdentifier: account.bankIdentifier,
    branchIdentifier: account.branchIdentifier,
    accountIdentifier: wrongFieldType ? Number(account.accountIdentifier) : account.accountIdentifier,
  };
}
