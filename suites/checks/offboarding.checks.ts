import { fail, inconclusive, pass, type Check } from './check.ts';
import { eventsOf, exchangeEndMs, statementPostsFor, stepsOf } from './evidence-queries.ts';
import { notificationsAcknowledged } from './onboarding.checks.ts';

/**
 * Requests are timed on arrival at the simulator. A POST the connector sent before the deletion reached it can be
 * stamped after the acknowledgement when, on a busy machine, the simulator's process reads the acknowledgement
 * first (seen once in a full detection matrix, 5 runs side by side). A POST this soon after may have crossed the
 * notification on the wire; one later was sent knowing. The same allowance as the throttle check's arrival jitter.
 */
const CROSSING_MS = 200;

/** OFF-02: nothing posted for a bank account once its resourceDeleted notification was delivered. */
const noStatementsAfterDeletion: Check = (evidence, { policies }) => {
  const deleted = eventsOf(evidence, 'account.deleted');
  if (deleted.length === 0) return inconclusive('No bank account was disconnected.');
  const judged: string[] = [];
  for (const { bankAccountId } of deleted) {
    const notification = eventsOf(evidence, 'notification.sent').find((event) => event.notificationType === 'resourceDeleted' && event.resourceType === 'bankAccount' && event.resourceId === bankAccountId);
    const exchange = evidence.traffic.find((record) => record.id === notification?.outcome.exchangeId);
    if (!notification || !exchange) continue;
    const deliveredMs = exchangeEndMs(exchange);
    const late = statementPostsFor(evidence, bankAccountId).filter((record) => record.seq > exchange.seq && Date.parse(record.startedAt) > deliveredMs + CROSSING_MS);
    if (late.length > 0) {
      const [first] = late;
      return fail(
        `After resourceDeleted ${exchange.id} for bank account ${bankAccountId} the connector still sent ${late.length} POST /v1/statements naming it (first ${first?.id}, answered ${first?.response?.status}); stop pushing for a deleted bank account (policy statements-for-inactive-accounts = ${policies['statements-for-inactive-accounts']}).`,
        [exchange.id, ...late.map((record) => record.id)],
      );
    }
    judged.push(exchange.id);
  }
  if (judged.length === 0) return inconclusive('Banking Service delivered no resourceDeleted notification for a disconnected account.');
  const booked = stepsOf(evidence, 'offboarding', 'new-transactions-for-disconnected').find((step) => step.status === 'ok')?.data['hook'];
  return pass(
    `No POST /v1/statements named a bank account after its resourceDeleted notification (${judged.join(', ')}) until the end of the run${booked ? `, although new transactions were booked on the real account (hook ${booked})` : ''}.`,
    [...judged, ...(booked ? [booked] : [])],
  );
};

/** OFF-03: the user's other accounts keep receiving statements after one is disconnected. */
const siblingsKeepPosting: Check = (evidence) => {
  const step = stepsOf(evidence, 'offboarding', 'new-transactions-for-sibling')[0];
  const disconnect = stepsOf(evidence, 'offboarding', 'disconnect-account').find((candidate) => candidate.status !== 'skipped');
  const deletedId = disconnect?.data['bankAccountId'];
  const siblingId = step?.data['bankAccountId'] ?? disconnect?.data['siblingBankAccountId'];
  if (!deletedId || !siblingId) return inconclusive(step?.status === 'skipped' ? `No sibling account was watched: ${step.message}.` : 'No account with a sibling of the same user was disconnected.');
  const notification = eventsOf(evidence, 'notification.sent').find((event) => event.notificationType === 'resourceDeleted' && event.resourceId === deletedId);
  if (!notification) return inconclusive(`Banking Service delivered no resourceDeleted notification for ${deletedId}.`);
  const completed = eventsOf(evidence, 'statement.completed').filter((event) => event.bankAccountId === siblingId && event.seq > notification.seq);
  const delivered = evidence.traffic.find((record) => record.id === notification.outcome.exchangeId);
  const posts = statementPostsFor(evidence, siblingId).filter((record) => record.seq > (delivered?.seq ?? 0));
  const hook = step?.data['hook'];
  const seen = [notification.outcome.exchangeId, hook, ...posts.map((record) => record.id)].flatMap((id) => (id ? [id] : []));
  if (completed.length > 0) return pass(`After resourceDeleted ${notification.outcome.exchangeId} for ${deletedId}, the sibling account ${siblingId} of the same user still received ${completed.length} completed statement(s) (${posts.map((record) => record.id).join(', ')}).`, seen, completed.map((event) => event.seq));
  // Posting for the sibling is what this asks; whether Banking Service took the content is the STMT checks' to judge.
  const carrying = posts.filter((record) => record.response !== undefined && record.response.status < 500);
  if (carrying.length > 0) return pass(`After resourceDeleted ${notification.outcome.exchangeId} for ${deletedId}, the connector kept posting for the sibling account ${siblingId} of the same user (${carrying.map((record) => `${record.id} answered ${record.response?.status}`).join(', ')}); Banking Service completed none of them, for reasons the statement checks judge.`, seen);
  if (!step || step.status === 'skipped') return inconclusive(`No statement for the sibling account ${siblingId} was observed after ${deletedId} was disconnected, and no new transactions were booked for it.`, seen);
  return fail(`After resourceDeleted ${notification.outcome.exchangeId} for ${deletedId}, new transactions booked for the sibling account ${siblingId} of the same user (hook ${hook ?? 'not answered'}) produced no completed statement${posts.length > 0 ? ` (${posts.map((record) => `${record.id} answered ${record.response?.status}`).join(', ')})` : ''}: scope the clean-up to the deleted bank account.`, seen);
};

/** Checks of the offboarding requirements, by requirement id. */
export const OFFBOARDING_CHECKS: Readonly<Record<string, Check>> = Object.freeze({
  'OFF-01': notificationsAcknowledged({ notificationType: 'resourceDeleted', resourceType: 'bankAccount', what: 'bankAccount resourceDeleted' }),
  'OFF-02': noStatementsAfterDeletion,
  'OFF-03': siblingsKeepPosting,
});
