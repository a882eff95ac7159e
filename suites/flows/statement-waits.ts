import type { AccountStatus, EventOfType, SimulatorEvent } from '../../harness/banking-service/events/simulator-event.ts';
import { EventWaitTimeoutError } from '../../harness/banking-service/events/event-log.ts';
import { WaitTimeoutError, type ExchangeRecord } from '../../harness/traffic/index.ts';
import type { FlowContext } from './flow-driver.ts';

/**
 * Waiting for a connector's statements without sleeping. A connector gives no "push finished" signal: it posts
 * statements one after another for an account (R7) [P-STMT] [F-POST] and simply stops. So a push counts as settled
 * when nothing of the account is in flight in Banking Service, the candidate has read the final state of its last
 * statement (GET /v1/statements/{id}) [P-STMT] [F-POST], and no further statement for the account arrives within a
 * quiet window. The window adapts to the candidate's own cadence — twice the longest pause it took so far between
 * learning that a statement finished and posting the next, pauses the kit caused (a hook, a sign-in, a
 * notification) left out — with a floor, so a slow poller is not cut short; it is capped well below the step
 * timeout. When the kit knows how many new cleared transactions it made the provider book (a test-control hook),
 * the push is over as soon as Banking Service has stored that many for the account — a positive signal that
 * spares the quiet window; a push that stops short of it (a refusal, a rejection, nothing posted) still ends by
 * the quiet window rather than the step timeout.
 */
export interface PushSettleOptions {
  /** Only statements posted after this event seq / traffic seq belong to the push being awaited. */
  readonly afterEvent: number;
  readonly afterExchange: number;
  /** The push must produce at least one statement (otherwise waiting for the first times out as the candidate's failure). */
  readonly expectStatement: boolean;
  /** The push is complete once statements completed after `afterEvent` stored at least this many transactions. */
  readonly expectTransactions?: number;
  /** The budget for the whole wait; the step timeout by default. */
  readonly timeoutMs?: number;
}

export interface SettledPush {
  /** The candidate's POST /v1/statements for the account in the push, refused ones included. */
  readonly posted: number;
  readonly completed: number;
  readonly rejected: number;
  readonly transactionsStored: number;
  /** The statement ids Banking Service accepted, oldest first. */
  readonly statementIds: readonly string[];
  /** How the end was recognised: the expected transactions stored, or a quiet window of `quietMs`. */
  readonly settledBy: 'expected-transactions' | 'quiet';
  readonly quietMs: number;
}

const MIN_QUIET_MS = 800;
const DEFAULT_QUIET_MS = 1_000;
const QUIET_FACTOR = 2;

type Finished = EventOfType<'statement.completed'> | EventOfType<'statement.rejected'>;
const finished = (event: { readonly type: string }): event is Finished => event.type === 'statement.completed' || event.type === 'statement.rejected';
const endMs = (record: ExchangeRecord): number => Date.parse(record.startedAt) + record.durationMs;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A POST /v1/statements of the candidate naming the account in accountDetails. Read from the traffic, not from the
 * simulator's events: a body the spec validation refuses never reaches the statement handler, yet it was posted.
 */
export function isStatementPostFor(record: ExchangeRecord, bankAccountId: string): boolean {
  if (record.from !== 'candidate' || record.request.method !== 'POST' || !new URL(record.request.url).pathname.endsWith('/v1/statements')) return false;
  const data = isObject(record.request.body) ? record.request.body['data'] : undefined;
  const details = isObject(data) && Array.isArray(data['accountDetails']) ? data['accountDetails'] : [];
  return details.some((detail) => isObject(detail) && detail['bankAccountId'] === bankAccountId);
}

/** The candidate's GET /v1/statements/{id} that returned a final state (completed or rejected) [P-STMT] [KC-05]. */
export function isFinalStatementRead(record: ExchangeRecord, statementId: string): boolean {
  if (record.from !== 'candidate' || record.request.method !== 'GET' || record.response?.status !== 200) return false;
  if (!new URL(record.request.url).pathname.endsWith(`/v1/statements/${encodeURIComponent(statementId)}`)) return false;
  const status = (record.response.body as { data?: { status?: unknown } } | undefined)?.data?.status;
  return status === 'completed' || status === 'rejected';
}

/** Something the kit did that makes a connector post: a hook, a sign-in, a notification. */
const isTrigger = (record: ExchangeRecord): boolean => record.from === 'kit' || record.from === 'browser' || (record.from === 'banking-service' && record.to === 'candidate');

/**
 * The longest time this candidate has taken, so far in the run, to follow a statement of the account with the
 * next one, measured from when it learned the statement's fate: its final GET, the finish itself when it never
 * polled, or the answer when Banking Service refused the POST. Pauses with a kit trigger in them are not the
 * candidate's cadence and are left out.
 */
export function longestFollowUpMs(context: FlowContext, bankAccountId: string): number | undefined {
  const records = context.simulator.traffic.all();
  const events = context.simulator.events.all();
  const posts = records.filter((record) => isStatementPostFor(record, bankAccountId)).sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  let longest: number | undefined;
  posts.forEach((post, index) => {
    const next = posts[index + 1];
    if (!next) return;
    const id = (post.response?.body as { data?: { _id?: unknown } } | undefined)?.data?._id;
    const finish = typeof id === 'string' ? events.find((event): event is Finished => finished(event) && event.statementId === id) : undefined;
    const read = typeof id === 'string' ? records.find((record) => isFinalStatementRead(record, id)) : undefined;
    const learnedAt = read ? endMs(read) : finish ? Date.parse(finish.at) : endMs(post);
    const at = Date.parse(next.startedAt);
    const triggered = records.some((record) => isTrigger(record) && Date.parse(record.startedAt) >= learnedAt && Date.parse(record.startedAt) <= at);
    if (!triggered && at >= learnedAt) longest = Math.max(longest ?? 0, at - learnedAt);
  });
  return longest;
}

export async function awaitPushSettled(context: FlowContext, bankAccountId: string, options: PushSettleOptions): Promise<SettledPush> {
  const { events, traffic } = context.simulator;
  const budgetMs = options.timeoutMs ?? context.config.timeouts.flowStepMs;
  const deadline = performance.now() + budgetMs;
  const remaining = () => Math.max(1, Math.round(deadline - performance.now()));
  const ofAccount = (event: SimulatorEvent): boolean => event.seq > options.afterEvent && 'bankAccountId' in event && event.bankAccountId === bankAccountId;
  const accepted = () => events.all().filter((event): event is EventOfType<'statement.accepted'> => event.type === 'statement.accepted' && ofAccount(event));
  // Only statements accepted in this push count: an earlier push's statement may still complete after the mark.
  const completed = () => {
    const ids = new Set(accepted().map((event) => event.statementId));
    return events.all().filter((event): event is EventOfType<'statement.completed'> => event.type === 'statement.completed' && ids.has(event.statementId));
  };
  const stored = () => completed().reduce((sum, event) => sum + event.transactionsStored, 0);
  const nextPost = (after: number, timeoutMs: number, description: string) =>
    traffic.waitFor((record) => isStatementPostFor(record, bankAccountId), { after, timeoutMs, description });
  const summary = (settledBy: SettledPush['settledBy'], quietMs: number): SettledPush => {
    const done = completed();
    return {
      posted: traffic.all().filter((record) => record.seq > options.afterExchange && isStatementPostFor(record, bankAccountId)).length,
      completed: done.length,
      rejected: events.all().filter((event) => event.type === 'statement.rejected' && accepted().some((statement) => statement.statementId === event.statementId)).length,
      transactionsStored: done.reduce((sum, event) => sum + event.transactionsStored, 0),
      statementIds: accepted().map((event) => event.statementId),
      settledBy,
      quietMs,
    };
  };

  if (options.expectStatement) await nextPost(options.afterExchange, remaining(), `a POST /v1/statements for bank account ${bankAccountId}`);
  let quietMs = 0;
  for (;;) {
    for (const statement of accepted()) {
      await events.waitFor((event) => finished(event) && event.statementId === statement.statementId, {
        after: statement.seq,
        timeoutMs: remaining(),
        description: `statement ${statement.statementId} of bank account ${bankAccountId} to complete`,
      });
    }
    const mark = traffic.all().length;
    const follow = longestFollowUpMs(context, bankAccountId);
    quietMs = Math.min(Math.max(MIN_QUIET_MS, follow === undefined ? DEFAULT_QUIET_MS : QUIET_FACTOR * follow), Math.round(context.config.timeouts.flowStepMs / 4), remaining());
    const last = accepted().at(-1)?.statementId;
    // The candidate is done with a statement once it has read its final state, if it looks (STMT-14 says whether it must).
    if (last !== undefined && !traffic.all().some((record) => isFinalStatementRead(record, last))) {
      try {
        await traffic.waitFor((record) => isFinalStatementRead(record, last), { timeoutMs: quietMs, description: `GET /v1/statements/${last} by the candidate` });
      } catch (error) {
        if (!(error instanceof WaitTimeoutError)) throw error;
      }
      if (traffic.all().some((record) => record.seq > mark && isStatementPostFor(record, bankAccountId))) continue;
    }
    if (options.expectTransactions !== undefined && stored() >= options.expectTransactions) return summary('expected-transactions', 0);
    try {
      await nextPost(mark, quietMs, `a further statement for bank account ${bankAccountId}`);
    } catch (error) {
      if (!(error instanceof WaitTimeoutError)) throw error;
      return summary('quiet', quietMs);
    }
  }
}

/** The account's status as the simulator holds it now, from its events (no traffic). */
export function currentStatus(context: FlowContext, bankAccountId: string): AccountStatus | undefined {
  let status: AccountStatus | undefined;
  for (const event of context.simulator.events.all()) {
    if (event.type === 'account.created' && event.bankAccountId === bankAccountId) status = event.status;
    if (event.type === 'account.status-changed' && event.bankAccountId === bankAccountId) status = event.to;
  }
  return status;
}

/** Resolves once the account reaches `status` (at once when it already has), or times out as the candidate's failure. */
export async function awaitAccountStatus(context: FlowContext, bankAccountId: string, status: AccountStatus, options: { readonly afterEvent?: number; readonly why: string }): Promise<void> {
  if (options.afterEvent === undefined && currentStatus(context, bankAccountId) === status) return;
  await context.simulator.events.waitForType('account.status-changed', (event) => event.bankAccountId === bankAccountId && event.to === status, {
    after: options.afterEvent ?? context.simulator.events.lastSeq,
    timeoutMs: context.config.timeouts.flowStepMs,
    description: `bank account ${bankAccountId} to become ${status} (${options.why})`,
  });
}
