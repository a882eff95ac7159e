import { delay } from './backoff.ts';
import type { AuthorisationSessions } from './authorisation-sessions.ts';
import type { FaultSet } from './faults.ts';
import type { LinkedAccount, LinkedAccounts } from './linked-accounts.ts';
import type { Logger } from './log.ts';
import type { NotificationAuthenticator } from './notification-auth.ts';
import { jsonReply, type Reply, type RequestContext } from './server.ts';
import type { TestBank } from './test-bank/index.ts';

/** A notification that passed the structural checks [C-NOTIF]. */
export interface ParsedNotification {
  readonly type: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly additionalData: Readonly<Record<string, unknown>>;
}

export type ParseResult = { readonly ok: true; readonly notification: ParsedNotification } | { readonly ok: false; readonly message: string };

const MAX_ID_LENGTH = 200;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every notification has `type` and `resource` (id, type); most carry additionalData [C-NOTIF]. */
export function parseNotification(raw: Buffer): ParseResult {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, message: 'the body is not JSON' };
  }
  if (!isRecord(body)) return { ok: false, message: 'the body is not a JSON object' };
  if (typeof body.type !== 'string' || body.type === '') return { ok: false, message: 'type must be a non-empty string' };
  if (!isRecord(body.resource)) return { ok: false, message: 'resource must be an object' };
  const { id, type } = body.resource;
  if (typeof id !== 'string' || id === '' || id.length > MAX_ID_LENGTH) return { ok: false, message: 'resource.id must be a non-empty string' };
  if (typeof type !== 'string' || type === '') return { ok: false, message: 'resource.type must be a non-empty string' };
  if (body.additionalData !== undefined && !isRecord(body.additionalData)) return { ok: false, message: 'additionalData must be an object' };
  return { ok: true, notification: { type: body.type, resourceType: type, resourceId: id, additionalData: body.additionalData ?? {} } };
}

export interface NotificationDeps {
  readonly authenticator: NotificationAuthenticator;
  readonly sessions: AuthorisationSessions;
  readonly linked: LinkedAccounts;
  readonly bank: TestBank;
  readonly faults: FaultSet;
  readonly log: Logger;
  /** The bank id Banking Service gave us at bank sync, for notifications that carry none. */
  readonly defaultBankId: () => string | undefined;
  /** Starts the history push of a newly linked account in the background. */
  readonly startHistoryPush: (account: LinkedAccount) => void;
  /** Stops whatever is running or queued for an offboarded account. */
  readonly cancelPushes: (bankAccountId: string) => void;
}

const REMEMBERED_OUTCOMES = 10_000;

/**
 * POST /notification [C-NOTIF]. Authentication first (the provider header and the Sage ID token [SEC] [SETUP]),
 * then the body. Statuses: 202 accepted; 202 {ignored:true} for a well-formed notification of a type this
 * connector does not handle (no resourceUpdated is evidenced, §14 Q25 — acknowledging it keeps Banking Service
 * from retrying it forever); 400 malformed JSON or a known variant missing a field it needs; 401/403
 * authentication; 413 oversized; 422 a bank-account notification for an account this bank does not have.
 * Never a 5xx for bad input. Repeats of a notification (same type, resource.type and resource.id) get the first
 * answer again and cause nothing new (§14 Q5 leaves redelivery open).
 */
export class NotificationHandler {
  readonly #deps: NotificationDeps;
  readonly #outcomes = new Map<string, Reply>();

  constructor(deps: NotificationDeps) {
    this.#deps = deps;
  }

  async handle(context: RequestContext): Promise<Reply> {
    const { faults, authenticator, log } = this.#deps;
    if (faults.has('slow-notification')) await delay(10_000);
    if (!faults.has('skip-notification-auth')) {
      const auth = await authenticator.check(context.request.headers);
      if (!auth.ok) {
        log.warn('notification refused', { status: auth.status, reason: auth.reason });
        const echo = faults.has('echo-headers-on-refusal') ? { received: context.request.headers } : {};
        return jsonReply(auth.status, { error: auth.status === 503 ? 'keys-unavailable' : 'unauthenticated', message: auth.reason, ...echo }, auth.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
      }
    }
    const parsed = parseNotification(await context.readBody());
    if (!parsed.ok && faults.has('crash-on-malformed-notification')) throw new Error(`malformed notification: ${parsed.message}`);
    if (!parsed.ok) return jsonReply(400, { error: 'malformed-notification', message: parsed.message });
    const { notification } = parsed;
    const key = `${notification.type}|${notification.resourceType}|${notification.resourceId}`;
    const earlier = this.#outcomes.get(key);
    if (earlier !== undefined && !faults.has('non-idempotent-notifications')) {
      log.info('repeated notification, answering as before', { type: notification.type, resourceType: notification.resourceType, resourceId: notification.resourceId });
      return earlier;
    }
    const reply = this.#dispatch(notification);
    if (reply.status < 500) this.#remember(key, reply);
    if (faults.has('wrong-notification-status') && reply.status === 202) return jsonReply(400, { error: 'rejected', message: 'the notification was processed' });
    return reply;
  }

  #dispatch(notification: ParsedNotification): Reply {
    const { type, resourceType } = notification;
    if (type === 'resourceCreated' && resourceType === 'authorisation') return this.#authorisationCreated(notification);
    if (type === 'resourceCreated' && resourceType === 'bankAccount') return this.#bankAccountCreated(notification);
    if (type === 'resourceDeleted' && resourceType === 'bankAccount') return this.#bankAccountDeleted(notification);
    if (this.#deps.faults.has('crash-on-unknown-notification')) throw new Error(`unhandled notification ${type}/${resourceType}`);
    this.#deps.log.info('notification of an unknown kind ignored', { type, resourceType });
    return jsonReply(202, { ignored: true, reason: `${type}/${resourceType} is not a notification this connector handles` });
  }

  /** Before GET /auth or /authrefresh: remember the id (≈20 min, single use) [SEC] [C-NOTIF]. */
  #authorisationCreated(notification: ParsedNotification): Reply {
    const bankId = optionalString(notification.additionalData.bankId);
    this.#deps.sessions.announce(notification.resourceId, bankId);
    this.#deps.log.info('authorisation announced', { authorisationId: notification.resourceId });
    return jsonReply(202, { accepted: true });
  }

  /** Store resource.id as the bankAccountId for statements (R20) [C-NOTIF], then push the history asynchronously. */
  #bankAccountCreated(notification: ParsedNotification): Reply {
    const { bank, linked, log, faults } = this.#deps;
    const externalId = optionalString(notification.additionalData.externalId);
    if (externalId === undefined) return jsonReply(400, { error: 'malformed-notification', message: 'additionalData.externalId is required on a bank-account-created notification' });
    const requestedStartDate = optionalString(notification.additionalData.requestedStartDate);
    if (requestedStartDate !== undefined && Number.isNaN(Date.parse(requestedStartDate))) {
      return jsonReply(400, { error: 'malformed-notification', message: 'additionalData.requestedStartDate is not an ISO 8601 date' });
    }
    const owned = bank.account(externalId);
    if (owned === undefined) return jsonReply(422, { error: 'unknown-external-id', message: 'additionalData.externalId is not an account of this bank' });
    const bankId = optionalString(notification.additionalData.bankId) ?? this.#deps.defaultBankId();
    if (bankId === undefined) return jsonReply(422, { error: 'unknown-bank', message: 'additionalData.bankId is missing and bank sync has not given a bank id' });

    const { account, created } = linked.link({ bankAccountId: notification.resourceId, externalId, owner: owned.owner, bankId, requestedStartDate });
    if (account.offboarded) return jsonReply(202, { ignored: true, reason: 'this bank account was offboarded' });
    if (!created) {
      if (!faults.has('non-idempotent-notifications')) return jsonReply(202, { accepted: true });
      account.sentIds.clear();
    }
    // Reconnecting the same real account gives a new bankAccountId with an empty sent set, so its history from the
    // new requestedStartDate goes again with the same uniqueIds (T-ONB-3, R14) [TEST]. That is no duplicate: on
    // offboarding Banking Service hard-deleted the old account's data [CA-OFF], and uniqueness is judged within
    // the history of the bank account the statement names.
    log.info('bank account linked', { bankAccountId: account.bankAccountId, externalId, requestedStartDate });
    this.#deps.startHistoryPush(account);
    return jsonReply(202, { accepted: true });
  }

  /** Offboarding: stop and forget; never post for this account again [F-OFF] [CA-OFF]. */
  #bankAccountDeleted(notification: ParsedNotification): Reply {
    const account = this.#deps.linked.offboard(notification.resourceId);
    if (account !== undefined && !this.#deps.faults.has('post-after-offboarding')) this.#deps.cancelPushes(account.bankAccountId);
    if (account !== undefined && this.#deps.faults.has('offboard-whole-user')) for (const sibling of this.#deps.linked.activeForOwner(account.owner)) this.#deps.cancelPushes(this.#deps.linked.offboard(sibling.bankAccountId)?.bankAccountId ?? '');
    this.#deps.log.info('bank account offboarded', { bankAccountId: notification.resourceId, known: account !== undefined });
    return jsonReply(202, { accepted: true });
  }

  #remember(key: string, reply: Reply): void {
    if (this.#outcomes.size >= REMEMBERED_OUTCOMES) {
      const oldest = this.#outcomes.keys().next().value;
      if (oldest !== undefined) this.#outcomes.delete(oldest);
    }
    this.#outcomes.set(key, reply);
  }
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
