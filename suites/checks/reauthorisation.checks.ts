import type { ExchangeRecord } from '../../harness/traffic/index.ts';
import type { FlowStepRecord } from '../flows/flow-step.ts';
import { beyondAuthDriver } from './auth-driver-limits.ts';
import { authDrives, authorisationKinds, authorisationPatches, redirectKindProblem, stateProblem, type AuthDrive } from './authorisation-queries.ts';
import { inconclusive, type Check } from './check.ts';
import type { Evidence } from './evidence.ts';
import { stepsOf } from './evidence-queries.ts';
import { decide, postedStatements, statementsByAccount, withinStep, type Finding } from './statement-queries.ts';

/** Timestamps are whole milliseconds; two instants closer than this are not ordered by them. */
const CLOCK_TOLERANCE_MS = 1;
const show = (value: unknown): string => (value === undefined ? 'missing' : JSON.stringify(value));
const ran = (steps: readonly FlowStepRecord[]) => steps.filter((step) => step.status !== 'skipped');

/** The successful re-authorisations the flow drove: the main one and those restoring other accounts. */
const successSteps = (evidence: Evidence) =>
  ran([...stepsOf(evidence, 'reauthorisation', 'reauthorise'), ...stepsOf(evidence, 'reauthorisation', 'restore-account')]).filter((step) => step.data['authorisationId']);

const driveOf = (evidence: Evidence, authorisationId: string): AuthDrive | undefined =>
  authDrives(evidence, 'getAuthRefresh').find((drive) => drive.authorisationId === authorisationId);

const skippedBecause = (steps: readonly FlowStepRecord[], fallback: string): string => {
  const skipped = steps.find((step) => step.status === 'skipped');
  return skipped ? `${fallback} (step ${skipped.step} was skipped: ${skipped.message})` : fallback;
};

/**
 * REAUTH-01: after the kit revoked consent through the declared hook, the connector posts for the account a
 * statement with its single AccountDetail authRequired and zero TransactionDetails, and Banking Service moves the
 * account to authRequired (§13.4.9, R6, §9.3) [U-REAUTH] [G-REAUTH] [P-STMT] [BRUNO]. Other accounts it reports
 * authRequired in the same breath must be status-only too.
 */
export const reauth01: Check = (evidence) => {
  const all = stepsOf(evidence, 'reauthorisation', 'revoke-consent');
  const steps = ran(all).filter((step) => step.data['bankAccountId']);
  if (steps.length === 0) return inconclusive(skippedBecause(all, 'The consent-revocation hook was never called, so no authRequired statement could be provoked.'));
  const statements = postedStatements(evidence);
  const findings: Finding[] = [];
  const looked: ExchangeRecord[] = [];
  const events: number[] = [];
  for (const step of steps) {
    const id = step.data['bankAccountId'] ?? '';
    const hook = evidence.traffic.find((exchange) => exchange.id === step.data['hookExchange']);
    const during = statements.filter((statement) => withinStep(statement.exchange, step) || (hook !== undefined && statement.startMs >= Date.parse(hook.startedAt) && statement.exchange.seq <= step.lastExchange));
    looked.push(...(hook ? [hook] : []), ...during.map((statement) => statement.exchange));
    const own = during.filter((statement) => statement.bankAccountId === id);
    const first = own[0];
    if (!first) {
      if (hook) findings.push({ exchange: hook, pointer: '/externalId', message: `after consent for ${show(step.data['externalId'])} was revoked the connector posted no statement for bank account ${id}: post a status-only statement with accountDetails[0].status authRequired` });
      continue;
    }
    for (const statement of [first, ...during.filter((other) => other.bankAccountId !== id && other.accountStatus === 'authRequired')]) {
      if (statement.accountStatus !== 'authRequired') {
        findings.push({ exchange: statement.exchange, pointer: '/data/accountDetails/0/status', message: `is ${show(statement.accountStatus)}: the statement reporting lapsed consent carries status authRequired` });
      }
      if ((statement.accountDetails?.length ?? 0) !== 1) {
        findings.push({ exchange: statement.exchange, pointer: '/data/accountDetails', message: `has ${statement.accountDetails?.length ?? 0} entries: the authRequired statement carries a single AccountDetail` });
      }
      if (statement.transactions.length > 0 || !Array.isArray(statement.data?.['transactionDetails'])) {
        findings.push({ exchange: statement.exchange, pointer: '/data/transactionDetails', message: `holds ${statement.transactions.length > 0 ? `${statement.transactions.length} transaction(s)` : show(statement.data?.['transactionDetails'])}: the authRequired statement carries zero TransactionDetails ([])` });
      }
    }
    const changed = evidence.events.find((event) => event.type === 'account.status-changed' && event.bankAccountId === id && event.to === 'authRequired' && event.seq > step.afterEvent);
    if (changed) events.push(changed.seq);
    else if (findings.length === 0) findings.push({ exchange: first.exchange, pointer: '/data/accountDetails/0/status', message: `Banking Service never moved bank account ${id} to authRequired after this statement (${first.outcome})` });
  }
  return decide(findings, `After the consent-revocation hook the connector posted a status-only authRequired statement (one AccountDetail, no transactions) and Banking Service moved the account to authRequired.`, looked, events);
};

/**
 * REAUTH-02: for a product-initiated re-authorisation the connector serves GET /authrefresh for the announced
 * authorisation_id, PATCHes that authorisation with status success before handing the user back, and the bank
 * account reads active again (§13.3.10, §9.3, D3, D4) [F-REAUTH] [C-REFRESH] [BRUNO].
 */
export const reauth02: Check = (evidence) => {
  const steps = successSteps(evidence);
  if (steps.length === 0) return inconclusive(skippedBecause(stepsOf(evidence, 'reauthorisation', 'reauthorise'), 'No re-authorisation was started.'));
  const patches = authorisationPatches(evidence);
  const findings: Finding[] = [];
  const looked: ExchangeRecord[] = [];
  const events: number[] = [];
  for (const step of steps) {
    const id = step.data['authorisationId'] ?? '';
    const drive = driveOf(evidence, id);
    if (!drive) return inconclusive(`The kit never drove GET /authrefresh for authorisation ${id}.`);
    looked.push(drive.entry);
    const entryStatus = drive.entry.response?.status;
    if (entryStatus === undefined || entryStatus >= 400) {
      findings.push({ exchange: drive.entry, pointer: '/authorisation_id (query)', message: `GET /authrefresh for the announced authorisation ${id} answered ${entryStatus ?? drive.entry.failure ?? 'nothing'}: serve the re-authorisation page for it` });
      continue;
    }
    const own = patches.filter((patch) => patch.authorisationId === id);
    const patch = own.find((candidate) => candidate.accepted);
    looked.push(...own.map((candidate) => candidate.exchange));
    if (!patch) {
      const refused = own[0];
      findings.push(refused
        ? { exchange: refused.exchange, pointer: '/data', message: `Banking Service refused the re-authorisation PATCH with ${refused.httpStatus ?? refused.exchange.failure}: ${show((refused.exchange.response?.body as { errors?: { message?: string }[] } | undefined)?.errors?.[0]?.message)}` }
        : { exchange: drive.hops.at(-1) ?? drive.entry, pointer: '/authorisation_id (query)', message: `the connector never PATCHed /v1/authorisations/${id} with status success for this re-authorisation` });
      continue;
    }
    const patched = evidence.events.find((event) => event.type === 'authorisation.patched' && event.authorisationId === id);
    if (patched) events.push(patched.seq);
    if (drive.handBack && patch.endMs > Date.parse(drive.handBack.hop.startedAt) + drive.handBack.hop.durationMs + CLOCK_TOLERANCE_MS) {
      findings.push({
        exchange: patch.exchange,
        pointer: '/data/status',
        message: `the PATCH finished at ${new Date(patch.endMs).toISOString()}, after ${drive.handBack.hop.id} had already sent the user back to redirect_uri: PATCH the authorisation before returning the user`,
      });
      continue;
    }
    const account = step.data['bankAccountId'] ?? '';
    const read = evidence.traffic.find((exchange) => exchange.from === 'product' && exchange.seq > patch.exchange.seq && exchange.request.method === 'GET'
      && new URL(exchange.request.url).pathname.endsWith(`/bankaccounts/${account}`));
    if (!read) return inconclusive(`The product never read bank account ${account} after the re-authorisation PATCH ${patch.exchange.id}.`, looked.map((exchange) => exchange.id));
    looked.push(read);
    const status = (read.response?.body as { status?: unknown } | undefined)?.status;
    if (status !== 'active') findings.push({ exchange: read, pointer: '/status', message: `bank account ${account} reads ${show(status)} after the re-authorisation PATCH ${patch.exchange.id}, not active` });
  }
  return decide(findings, `In ${steps.length} re-authorisation(s) the connector served /authrefresh for the announced id, PATCHed it with status success before handing the user back, and the account read active again.`, looked, events);
};

/** REAUTH-03: the re-authorisation PATCH carries data.status success and bankAccounts only as policy reauth-patch-accounts allows (D2, Q19) [P-AUTHZ] [F-REAUTH] [U-REAUTH] [BRUNO]. */
export const reauth03: Check = (evidence, { policies }) => {
  const policy = policies['reauth-patch-accounts'];
  const kinds = authorisationKinds(evidence);
  // The PATCH of a re-authorisation: under a re-authorisation's id, or sent while the flow re-authorised (whatever id it named).
  const steps = ran(evidence.steps.filter((step) => step.flow === 'reauthorisation' && ['reauthorise', 'restore-account', 'reauthorise-failed-login'].includes(step.step)));
  const patches = authorisationPatches(evidence).filter((patch) => kinds.get(patch.authorisationId) === 'reauthorisation' || steps.some((step) => withinStep(patch.exchange, step)));
  if (patches.length === 0) return inconclusive('The connector sent no PATCH for a re-authorisation, so its body cannot be checked.');
  const allowed = policy === 'none-or-empty' ? 'no bankAccounts or an empty array' : policy === 'status-only' ? 'only data.status' : policy === 'empty-array' ? 'bankAccounts: []' : 'anything';
  const findings: Finding[] = [];
  for (const patch of patches) {
    const status = patch.data?.['status'];
    if (status !== 'success') findings.push({ exchange: patch.exchange, pointer: '/data/status', message: `is ${show(status)}: a re-authorisation is completed with data.status "success"` });
    const accounts = patch.data?.['bankAccounts'];
    const absent = accounts === undefined;
    const empty = Array.isArray(accounts) && accounts.length === 0;
    const others = Object.keys(patch.data ?? {}).filter((key) => key !== 'status');
    const ok = policy === 'any' || (policy === 'none-or-empty' && (absent || empty)) || (policy === 'status-only' && others.length === 0) || (policy === 'empty-array' && empty);
    if (!ok) {
      findings.push({
        exchange: patch.exchange,
        pointer: policy === 'status-only' && absent ? `/data/${others[0] ?? 'bankAccounts'}` : '/data/bankAccounts',
        message: `is ${absent ? 'missing' : Array.isArray(accounts) ? `an array of ${accounts.length}` : show(accounts)}${policy === 'status-only' && absent ? ` (data carries ${others.join(', ')})` : ''}: a re-authorisation PATCH carries ${allowed} (policy reauth-patch-accounts = ${policy}); Banking Service already knows the accounts`,
      });
    }
  }
  return decide(findings, `All ${patches.length} re-authorisation PATCH(es) carry data.status success and ${allowed} (policy reauth-patch-accounts = ${policy}).`, patches.map((patch) => patch.exchange));
};

/** The redirect_uri + state rule shared by REAUTH-04 and REAUTH-05 (§13.4.3, Q7) [C-REFRESH] [F-REAUTH]. */
function handBackFindings(evidence: Evidence, drive: AuthDrive, policies: Parameters<Check>[1]['policies'], step: FlowStepRecord): Finding[] {
  const findings: Finding[] = [];
  const state = stateProblem(drive, policies);
  if (state) {
    const hop = drive.hops.at(-1) ?? drive.entry;
    const reason = drive.landing ? state : `${state}${step.status === 'candidate-failed' ? ` (${step.message})` : ''}`;
    findings.push({ exchange: drive.landing ?? hop, pointer: drive.landing ? '/state (query)' : '/redirect_uri (query)', message: `${reason}: end the flow by navigating to redirect_uri with state=<state> added to its query` });
  }
  const kind = redirectKindProblem(drive, policies);
  if (kind && drive.handBack) findings.push({ exchange: drive.handBack.hop, pointer: '/location (header)', message: kind });
  const returned = evidence.events.find((event) => event.type === 'authorisation.returned' && event.authorisationId === drive.authorisationId);
  if (!state && returned?.type === 'authorisation.returned' && !returned.accepted && drive.landing) {
    findings.push({ exchange: drive.landing, pointer: '/state (query)', message: `Banking Service did not accept the return (state ${returned.state}, format ${returned.format})`, events: [returned.seq] });
  }
  return findings;
}

const returnedEvents = (evidence: Evidence, ids: readonly string[]) =>
  evidence.events.filter((event) => event.type === 'authorisation.returned' && ids.includes(event.authorisationId)).map((event) => event.seq);

/** REAUTH-04: after a successful re-authentication the browser goes to redirect_uri with the request's state, per policies redirect-state-format and auth-redirect-kind. */
export const reauth04: Check = (evidence, { policies }) => {
  const steps = successSteps(evidence);
  if (steps.length === 0) return inconclusive(skippedBecause(stepsOf(evidence, 'reauthorisation', 'reauthorise'), 'No re-authorisation was started.'));
  const findings: Finding[] = [];
  const looked: ExchangeRecord[] = [];
  for (const step of steps) {
    const drive = driveOf(evidence, step.data['authorisationId'] ?? '');
    if (!drive) return inconclusive(`The kit never drove GET /authrefresh for authorisation ${step.data['authorisationId']}.`);
    looked.push(...drive.hops, ...(drive.landing ? [drive.landing] : []));
    findings.push(...handBackFindings(evidence, drive, policies, step));
  }
  return decide(
    findings,
    `After ${steps.length} successful re-authentication(s) the connector sent the browser to redirect_uri with the request's state (policies redirect-state-format = ${policies['redirect-state-format']}, auth-redirect-kind = ${policies['auth-redirect-kind']}).`,
    looked,
    returnedEvents(evidence, steps.map((step) => step.data['authorisationId'] ?? '')),
  );
};

/** REAUTH-05: a failed re-authentication still returns to redirect_uri with state, and the authorisation is not PATCHed with success (§13.4.3, Q7) [C-REFRESH]. */
export const reauth05: Check = (evidence, { policies }) => {
  const all = stepsOf(evidence, 'reauthorisation', 'reauthorise-failed-login');
  const steps = ran(all).filter((step) => step.data['authorisationId']);
  if (steps.length === 0) return beyondAuthDriver(evidence, 'fail-login') ?? inconclusive(skippedBecause(all, 'No failed re-authentication was driven.'));
  const patches = authorisationPatches(evidence);
  const findings: Finding[] = [];
  const looked: ExchangeRecord[] = [];
  for (const step of steps) {
    const id = step.data['authorisationId'] ?? '';
    const drive = driveOf(evidence, id);
    if (!drive) return inconclusive(`The kit never drove GET /authrefresh for authorisation ${id}.`);
    looked.push(...drive.hops, ...(drive.landing ? [drive.landing] : []));
    findings.push(...handBackFindings(evidence, drive, policies, step));
    for (const patch of patches.filter((candidate) => candidate.authorisationId === id && candidate.data?.['status'] === 'success')) {
      findings.push({ exchange: patch.exchange, pointer: '/data/status', message: `the connector PATCHed authorisation ${id} with status success although the re-authentication failed (wrong password): leave the account as it is` });
    }
  }
  return decide(
    findings,
    `After a failed re-authentication the connector sent the browser to redirect_uri with the request's state and did not PATCH the authorisation (policy redirect-state-format = ${policies['redirect-state-format']}).`,
    looked,
    returnedEvents(evidence, steps.map((step) => step.data['authorisationId'] ?? '')),
  );
};

/** REAUTH-06: the re-authorisation is PATCHed under the authorisation_id of the /authrefresh that started it, never the onboarding's (§9.3) [SEC] [C-REFRESH] [P-AUTHZ]. */
export const reauth06: Check = (evidence) => {
  const steps = successSteps(evidence);
  if (steps.length === 0) return inconclusive(skippedBecause(stepsOf(evidence, 'reauthorisation', 'reauthorise'), 'No re-authorisation was started.'));
  const kinds = authorisationKinds(evidence);
  const patches = authorisationPatches(evidence);
  const findings: Finding[] = [];
  const looked: ExchangeRecord[] = [];
  for (const step of steps) {
    const id = step.data['authorisationId'] ?? '';
    const during = patches.filter((patch) => withinStep(patch.exchange, step));
    looked.push(...during.map((patch) => patch.exchange));
    for (const patch of during.filter((candidate) => candidate.authorisationId !== id)) {
      const kind = kinds.get(patch.authorisationId);
      findings.push({
        exchange: patch.exchange,
        pointer: '/authorisationId (path)',
        message: `is ${patch.authorisationId}${kind ? `, an earlier ${kind} authorisation` : ''}, not ${id}, the authorisation_id of the /authrefresh request that started this session: PATCH the id of the current call`,
      });
    }
  }
  if (looked.length === 0) return inconclusive('The connector sent no PATCH while a re-authorisation was under way, so its authorisation id cannot be compared.');
  return decide(findings, `Every re-authorisation PATCH (${looked.length}) named the authorisation_id of the /authrefresh request that started its session.`, looked);
};

/**
 * REAUTH-07: after a successful re-authorisation the connector's next statement for the account carries status
 * active and the transactions cleared since its last accepted push (§11, §9.3, R13) [F-REAUTH] [U-POST]: the
 * transactions the kit had booked while consent was lapsed (step book-during-lapse) must arrive, none of them a
 * transaction accepted before.
 */
export const reauth07: Check = (evidence) => {
  const all = stepsOf(evidence, 'reauthorisation', 'resume-posting');
  const step = ran(all).find((candidate) => candidate.data['bankAccountId']);
  if (!step) return inconclusive(skippedBecause(all, 'Posting after re-authorisation was not awaited.'));
  const account = step.data['bankAccountId'] ?? '';
  const booked = Number(ran(stepsOf(evidence, 'reauthorisation', 'book-during-lapse')).find((candidate) => candidate.data['bankAccountId'] === account)?.data['count'] ?? '0');
  const reauthorised = ran(stepsOf(evidence, 'reauthorisation', 'reauthorise')).find((candidate) => candidate.data['bankAccountId'] === account);
  const patch = authorisationPatches(evidence).find((candidate) => candidate.accepted && candidate.authorisationId === reauthorised?.data['authorisationId']);
  if (!patch) return inconclusive(`No accepted re-authorisation PATCH for bank account ${account} was recorded.`);
  const list = statementsByAccount(postedStatements(evidence)).get(account) ?? [];
  const before = list.filter((statement) => statement.startMs < patch.startMs);
  const acceptedIds = new Set(before.filter((statement) => statement.landed).flatMap((statement) => statement.transactions.flatMap((transaction) => transaction.uniqueId ?? [])));
  // The statements after the PATCH up to the end of the step that awaited them.
  const after = list.filter((statement) => statement.startMs >= patch.startMs && statement.exchange.seq <= step.lastExchange);
  const next = after[0];
  if (!next) return inconclusive(`The connector posted no statement for bank account ${account} after the re-authorisation PATCH ${patch.exchange.id}.`, [patch.exchange.id]);
  const findings: Finding[] = [];
  if (next.accountStatus !== 'active') {
    findings.push({ exchange: next.exchange, pointer: '/data/accountDetails/0/status', message: `is ${show(next.accountStatus)} in the first statement after the re-authorisation PATCH ${patch.exchange.id}: clear the authRequired flag when the PATCH succeeds and post with status active` });
  }
  if (booked > 0 && next.transactions.length === 0) {
    findings.push({ exchange: next.exchange, pointer: '/data/transactionDetails', message: `is empty although ${booked} transaction(s) cleared while consent was lapsed: post the backlog once the re-authorisation succeeded` });
  }
  const fresh = new Set(after.flatMap((statement) => statement.transactions.flatMap((transaction) => (transaction.uniqueId !== undefined && !acceptedIds.has(transaction.uniqueId) ? [transaction.uniqueId] : []))));
  for (const statement of after) {
    for (const transaction of statement.transactions) {
      if (transaction.uniqueId !== undefined && acceptedIds.has(transaction.uniqueId)) {
        findings.push({ exchange: statement.exchange, pointer: `${transaction.pointer}/uniqueId`, message: `re-sends ${JSON.stringify(transaction.uniqueId)}, accepted before the consent lapsed: post only what cleared since the last accepted push` });
      }
    }
  }
  if (findings.length === 0 && fresh.size < booked) {
    findings.push({ exchange: (after.at(-1) ?? next).exchange, pointer: '/data/transactionDetails', message: `the statements after the re-authorisation carried ${fresh.size} new transaction(s), fewer than the ${booked} that cleared while consent was lapsed` });
  }
  return decide(findings, `The first statement after the re-authorisation (${next.exchange.id}) carried status active, and ${after.length} statement(s) delivered the ${fresh.size} transaction(s) cleared meanwhile.`, [patch.exchange, ...after.map((statement) => statement.exchange)]);
};

/** Checks of the reauthorisation requirements, by requirement id. */
export const REAUTHORISATION_CHECKS: Readonly<Record<string, Check>> = Object.freeze({
  'REAUTH-01': reauth01,
  'REAUTH-02': reauth02,
  'REAUTH-03': reauth03,
  'REAUTH-04': reauth04,
  'REAUTH-05': reauth05,
  'REAUTH-06': reauth06,
  'REAUTH-07': reauth07,
});
