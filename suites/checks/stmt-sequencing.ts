import { inconclusive, type Check } from './check.ts';
import type { Evidence } from './evidence.ts';
import { eventsOf } from './evidence-queries.ts';
import { decide, postedStatements, statementReads, statementsByAccount, withinStep, type Finding, type PostedStatement } from './statement-queries.ts';

/** Timestamps are whole milliseconds; two instants closer than this are not ordered by them. */
const CLOCK_TOLERANCE_MS = 1;
const iso = (ms: number): string => new Date(ms).toISOString();

/** When Banking Service sent the resourceDeleted notification for a bank account, if it did. */
function deletedAtMs(evidence: Evidence, bankAccountId: string | undefined): number | undefined {
  if (bankAccountId === undefined) return undefined;
  const sent = eventsOf(evidence, 'notification.sent').find((event) => event.notificationType === 'resourceDeleted' && event.resourceType === 'bankAccount' && event.resourceId === bankAccountId);
  return sent === undefined ? undefined : Date.parse(sent.at);
}

/**
 * STMT-13: no POST /v1/statements for an account before its previous statement was answered and has completed
 * in Banking Service; different accounts may overlap (R7) [APPLY] [SETUP] [GS] [P-STMT] [F-POST]. A previous
 * statement counts as in flight from its POST until its answer, and — when Banking Service accepted it (2xx with
 * data._id) — until it completed or was rejected. An uncertain delivery (5xx, no answer) ends with its answer:
 * the candidate cannot know the statement behind it. Times are the simulator's own clock.
 */
export const stmt13: Check = (evidence) => {
  const byAccount = statementsByAccount(postedStatements(evidence));
  const lists = [...byAccount.values()].filter((list) => list.length > 1);
  if (lists.length === 0) return inconclusive('No account received two statements, so the one-statement-in-flight rule cannot be observed.');
  const findings: Finding[] = [];
  for (const list of lists) {
    list.forEach((statement, index) => {
      for (const earlier of list.slice(0, index)) {
        const finding = overlap(statement, earlier);
        if (finding) {
          findings.push(finding);
          return;
        }
      }
    });
  }
  const refusals = evidence.events.filter((event) => event.type === 'statement.refused' && event.violations.some((violation) => violation.rule === 'one-statement-in-flight')).map((event) => event.seq);
  const posts = lists.reduce((sum, list) => sum + list.length, 0);
  return decide(
    findings,
    `For each of ${lists.length} account(s) every statement (${posts} in all) was posted only after the one before it was answered and had completed.`,
    lists.flat().map((statement) => statement.exchange),
    refusals,
  );
};

function overlap(statement: PostedStatement, earlier: PostedStatement): Finding | undefined {
  const at = statement.startMs;
  const pointer = '/data/accountDetails/0/bankAccountId';
  if (at + CLOCK_TOLERANCE_MS < earlier.endMs) {
    return {
      exchange: statement.exchange,
      pointer,
      message: `POST for bank account ${statement.bankAccountId} started at ${iso(at)} while ${earlier.exchange.id} for the same account was still unanswered (answered at ${iso(earlier.endMs)}): wait for the answer and for completion before posting the next statement`,
    };
  }
  if (earlier.statementId === undefined) return undefined;
  if (earlier.finishedMs === undefined || at + CLOCK_TOLERANCE_MS < earlier.finishedMs) {
    const state = earlier.finishedMs === undefined ? 'had not completed by the end of the run' : `completed only at ${iso(earlier.finishedMs)}`;
    return {
      exchange: statement.exchange,
      pointer,
      message: `POST for bank account ${statement.bankAccountId} started at ${iso(at)} while statement ${earlier.statementId} (${earlier.exchange.id}) of the same account was in flight (it ${state}): poll GET /v1/statements/${earlier.statementId} until it is completed before posting the next one`,
      events: earlier.finish ? [earlier.finish.seq] : [],
    };
  }
  return undefined;
}

/**
 * STMT-14: after each accepted POST the connector follows GET /v1/statements/{data._id} until processing
 * finished, before posting the account's next statement (Q9, §9.2) [P-STMT] [F-POST] [BRUNO]. Judged for every
 * accepted statement that has a successor, and for an account's last one when a posting or re-authorisation step
 * awaited that account (those steps give the candidate the time to look).
 */
export const stmt14: Check = (evidence) => {
  const statements = postedStatements(evidence);
  const reads = statementReads(evidence);
  const steps = evidence.steps.filter((step) => (step.flow === 'posting' || step.flow === 'reauthorisation') && step.status !== 'skipped');
  const byAccount = statementsByAccount(statements);
  const findings: Finding[] = [];
  const judged: PostedStatement[] = [];
  for (const list of byAccount.values()) {
    list.forEach((statement, index) => {
      if (statement.statementId === undefined) return;
      const next = list[index + 1];
      // The last statement of an account is judged only where a step awaited that account (and so its polls).
      if (!next && !steps.some((step) => step.data['bankAccountId'] === statement.bankAccountId && withinStep(statement.exchange, step))) return;
      const own = reads.filter((read) => read.statementId === statement.statementId);
      const final = own.find((read) => read.final);
      // Offboarding tells the connector to stop and forget the account [F-OFF]: a statement it had just posted need
      // not be followed after that, and a connector that obeys must not be failed for it.
      const deleted = deletedAtMs(evidence, statement.bankAccountId);
      if (!final && deleted !== undefined && deleted >= statement.startMs) return;
      judged.push(statement);
      if (!final) {
        const last = own.at(-1);
        findings.push({
          exchange: statement.exchange,
          pointer: '/data/_id',
          message: own.length === 0
            ? `statement ${statement.statementId} was never read back with GET /v1/statements/${statement.statementId}: poll it until it reports completed or rejected`
            : `statement ${statement.statementId} was read ${own.length} time(s) but never until a final state (last read ${last?.exchange.id}: ${last?.state ?? last?.httpStatus ?? 'no answer'})`,
        });
        return;
      }
      if (next && final.endMs > next.startMs + CLOCK_TOLERANCE_MS) {
        const before = own.filter((read) => read.endMs <= next.startMs + CLOCK_TOLERANCE_MS).at(-1);
        findings.push({
          exchange: next.exchange,
          pointer: '/data/accountDetails/0/bankAccountId',
          message: `was posted before the candidate had read the final state of the account's previous statement ${statement.statementId} (${statement.exchange.id}; last read before: ${before ? `${before.exchange.id}, ${before.state ?? before.httpStatus}` : 'none'}): poll until completed, then post the next`,
        });
      }
    });
  }
  const known = new Set(statements.flatMap((statement) => statement.statementId ?? []));
  for (const read of reads) {
    if (!known.has(read.statementId)) {
      findings.push({ exchange: read.exchange, pointer: '/statementId (path)', message: `${read.statementId} is not the data._id of any statement the candidate posted: poll with the id POST /v1/statements returned` });
    }
  }
  if (judged.length === 0 && findings.length === 0) return inconclusive('No accepted statement was followed by another or awaited by the posting flows, so tracking to completion cannot be observed.');
  return decide(findings, `Each of the ${judged.length} accepted statements judged was read with GET /v1/statements/{data._id} until it was completed or rejected, before the account's next statement.`, [...judged.map((statement) => statement.exchange), ...reads.map((read) => read.exchange)]);
};
