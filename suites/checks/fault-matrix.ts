import type { FaultName } from '../../examples/reference-connector/src/faults.ts';
import { loadRequirementSet } from '../requirements/index.ts';

/**
 * The detection matrix (fault-matrix.test.ts): for every fault switch of the reference connector
 * (examples/reference-connector/src/faults.ts), the requirements a certification with every flow must report
 * broken — fail for a MUST, warn for a SHOULD — and no others. `targets` are what the switch is built to break;
 * `cascade` what stops passing because of it, with the reason: a requirement whose scenario the fault makes
 * impossible is judged "not observed because step … failed", which certify reports as the candidate's failure.
 * `racy` what the fault breaks only in some runs, with the reason (kept to the few the runs showed).
 * `says` holds sentences the deciding check must produce, naming the exchange and the field.
 */
export interface MatrixRun {
  readonly faults: readonly string[];
  /** Simulator options for the run (10-second tokens to outlive one). */
  readonly simulator?: { readonly tokenLifetimeSeconds: number };
  /** Long runs start first, so they overlap the rest. */
  readonly slow?: boolean;
}

export interface FaultExpectation {
  readonly targets: readonly string[];
  readonly cascade?: { readonly ids: readonly string[]; readonly because: string };
  /**
   * Requirements the fault breaks in some runs and not in others, because it turns on how the connector's own
   * concurrent work interleaves: each broken one must still be broken properly (fail or warn), never required.
   */
  readonly racy?: { readonly ids: readonly string[]; readonly because: string };
  readonly says?: Readonly<Record<string, RegExp>>;
  readonly simulator?: MatrixRun['simulator'];
  readonly slow?: boolean;
}

const REQUIREMENT_IDS: readonly string[] = loadRequirementSet().requirements.map((requirement) => requirement.id);
/** Every requirement but these. */
const allBut = (kept: readonly string[]): string[] => REQUIREMENT_IDS.filter((id) => !kept.includes(id));

/** Short enough to outlive within a run, long enough that the connector's renewal margin outlasts a stalled process. */
export const SHORT_TOKENS = Object.freeze({ tokenLifetimeSeconds: 10 });
const NO_BANK = 'the bank is never registered (or only after the bank-sync flow gave up), so no flow after bank sync has a bank to onboard with';
const NO_ONBOARDING = 'Banking Service refuses the onboarding PATCH (or it names no account), so no account is onboarded and every later flow lacks one';
const REFUSED_STATEMENTS = 'Banking Service refuses or rejects the statements, so accounts stay pending: the history push (STMT-04), running balances (STMT-12), the reconnected account\'s history (ONB-03), linking from an active account (MAL) and the repeated delivery (SEC-08) cannot be observed';
const UNACKNOWLEDGED_NOTIFICATIONS = 'the kit\'s own onboarding in the security and resilience flows needs its authorisation notification acknowledged, so their scenarios cannot run';
const KIT_ONBOARDING_REFUSED = 'the kit\'s own onboarding in the security and resilience flows signs in a user with connected accounts, whose PATCH Banking Service refuses';
const NO_ACTIVE_SIBLING = 'the failed re-authorisation leaves every account of the user authRequired, so offboarding has no active sibling to watch';

export const FAULT_MATRIX = {
  'no-api-key': { targets: ['RES-01', 'SPEC-04'], cascade: { ids: allBut(['SYNC-02', 'SYNC-03', 'SYNC-04', 'SEC-11', 'RES-01', 'RES-02', 'RES-03', 'SPEC-04', 'SPEC-07', 'SPEC-08']), because: NO_BANK }, says: { 'RES-01': /^x-\d{6} \(POST \/v1\/banks\): the request has no x-api-key header/ } },
  'no-backoff-on-429': { targets: ['RES-05'] },
  'token-per-request': { targets: ['RES-02'] },
  'no-refresh-on-401': { targets: ['RES-04'] },
  'no-bank-sync': { targets: ['SYNC-01', 'SYNC-02', 'SYNC-03', 'SYNC-04'], cascade: { ids: allBut(['SYNC-01', 'SYNC-02', 'SYNC-03', 'SYNC-04']), because: NO_BANK }, says: { 'SYNC-01': /sent no POST \/v1\/banks/ } },
  'skip-notification-auth': { targets: ['SEC-01', 'SEC-02', 'SEC-03'], says: { 'SEC-01': /^x-\d{6}: the \/notification the kit sent without the provider header \(NOTIFICATION_HEADER_NAME\) answered 202/ } },
  'crash-on-unknown-notification': { targets: ['SEC-09', 'SPEC-01'] },
  'non-idempotent-notifications': { targets: ['SEC-08'], cascade: { ids: ['STMT-06', 'STMT-07', 'STMT-12'], because: 'the repeated delivery in the onboarding flow pushes the history again, repeating uniqueIds and balances' } },
  'empty-onboarding-patch': { targets: ['ONB-04', 'ONB-05'], cascade: { ids: allBut(['SYNC-01', 'SYNC-02', 'SYNC-03', 'SYNC-04', 'ONB-04', 'ONB-05', 'ONB-08', 'ONB-10', 'ONB-11', 'ONB-12', 'ONB-14', 'SEC-01', 'SEC-02', 'SEC-03', 'SEC-04', 'SEC-07', 'SEC-09', 'SEC-10', 'SEC-11', 'RES-01', 'RES-02', 'RES-03', 'SPEC-01', 'SPEC-02', 'SPEC-04', 'SPEC-05', 'SPEC-07', 'SPEC-08']), because: NO_ONBOARDING }, says: { 'ONB-04': /PATCH x-\d{6} for the multi-account test user lists 0 account\(s\) in data\.bankAccounts/, 'ONB-05': /lists 0 accounts in data\.bankAccounts/ } },
  'accept-unannounced-authorisation': { targets: ['SEC-03', 'SEC-04'], says: { 'SEC-04': /which no notification announced, was processed: the connector sent PATCH \/v1\/authorisations\/[0-9a-f-]{36} \(x-\d{6}\)/ } },
  'patch-wrong-field-type': { targets: ['SPEC-05'], cascade: { ids: allBut(['SYNC-01', 'SYNC-02', 'SYNC-03', 'SYNC-04', 'ONB-07', 'ONB-08', 'ONB-10', 'ONB-11', 'ONB-12', 'ONB-14', 'SEC-01', 'SEC-02', 'SEC-03', 'SEC-04', 'SEC-07', 'SEC-09', 'SEC-10', 'SEC-11', 'RES-01', 'RES-02', 'RES-03', 'SPEC-01', 'SPEC-02', 'SPEC-04', 'SPEC-05', 'SPEC-07', 'SPEC-08']), because: NO_ONBOARDING } },
  'accept-replayed-authorisation': { targets: ['SEC-05'] },
  'accept-expired-authorisation': { targets: ['SEC-06'] },
  'accounts-in-reauth-patch': { targets: ['REAUTH-02', 'REAUTH-03', 'REAUTH-07'], cascade: { ids: ['OFF-03'], because: NO_ACTIVE_SIBLING } },
  'no-redirect-on-failure': { targets: ['ONB-10', 'REAUTH-05'], says: { 'ONB-10': /did not send the browser to redirect_uri; its last answer x-\d{6} was 401/ } },
  'no-state-on-redirect': { targets: ['ONB-01', 'ONB-09', 'ONB-10', 'REAUTH-04', 'REAUTH-05'], says: { 'ONB-09': /x-\d{6} sent the browser to redirect_uri without the state of x-\d{6}/ } },
  'available-accounts-omit-connected': { targets: ['MAL-02'], says: { 'MAL-02': /GET \/availableaccounts\?externalId=ref-alice-current x-\d{6} leaves out ref-alice-current/ } },
  'duplicate-unique-ids': { targets: ['STMT-07'], cascade: { ids: ['ONB-03', 'STMT-04', 'STMT-12', 'MAL-01', 'MAL-02', 'MAL-03', 'MAL-04', 'MAL-05', 'SEC-08'], because: REFUSED_STATEMENTS } },
  'wrong-expected-totals': { targets: ['STMT-17'], cascade: { ids: ['ONB-03', 'STMT-04', 'STMT-12', 'MAL-01', 'MAL-02', 'MAL-03', 'MAL-04', 'MAL-05', 'SEC-08'], because: REFUSED_STATEMENTS } },
  'positive-debit-sum': { targets: ['STMT-17'], cascade: { ids: ['ONB-03', 'STMT-04', 'STMT-12', 'MAL-01', 'MAL-02', 'MAL-03', 'MAL-04', 'MAL-05', 'SEC-08'], because: REFUSED_STATEMENTS } },
  'send-pending-transactions': { targets: ['STMT-08'], cascade: { ids: ['ONB-03', 'STMT-04', 'STMT-12', 'SEC-08', 'SPEC-06'], because: REFUSED_STATEMENTS } },
  'balances-before-transactions': { targets: ['STMT-12'] },
  'wide-date-spread': { targets: ['STMT-15'], cascade: { ids: ['STMT-04', 'MAL-04'], because: REFUSED_STATEMENTS } },
  'oversize-batch': { targets: ['STMT-10'], cascade: { ids: ['STMT-04', 'MAL-01', 'MAL-02', 'MAL-03', 'MAL-04', 'MAL-05'], because: REFUSED_STATEMENTS } },
  'two-account-details': { targets: ['STMT-09', 'SPEC-06'], cascade: { ids: ['ONB-03', 'STMT-04', 'STMT-12', 'MAL-01', 'MAL-02', 'MAL-03', 'MAL-04', 'MAL-05', 'SEC-08'], because: REFUSED_STATEMENTS } },
  'unsorted-transactions': { targets: ['STMT-16'], cascade: { ids: ['ONB-03', 'STMT-04', 'MAL-01', 'MAL-02', 'MAL-03', 'MAL-04', 'MAL-05', 'SEC-08'], because: REFUSED_STATEMENTS } },
  'concurrent-statements': { targets: ['STMT-13', 'STMT-14'], cascade: { ids: ['STMT-12', 'STMT-16'], because: 'the batches go out together: Banking Service takes them out of order, so the balances and the dates run backwards' }, racy: { ids: ['STMT-06', 'STMT-07', 'RES-07'], because: 'whether Banking Service refuses a batch as "another statement in flight" depends on how fast the one before it completes; when it does, the connector re-sends what it thinks was lost (STMT-06, STMT-07), and its resubmission after a 500 is refused (RES-07): of 5 full matrices, 4 showed the re-sends and 1 RES-07' } },
  'ignore-requested-start-date': { targets: ['ONB-03', 'STMT-05'], cascade: { ids: ['STMT-04', 'STMT-12', 'MAL-01', 'MAL-02', 'MAL-03', 'MAL-04', 'MAL-05', 'SEC-08'], because: REFUSED_STATEMENTS }, says: { 'ONB-03': /POST \/v1\/statements x-\d{6} .* datePosted .* before its requestedStartDate/ } },
  'new-ids-on-resubmit': { targets: ['RES-07', 'RES-08'], cascade: { ids: ['STMT-06', 'STMT-12'], because: 'the resubmitted transactions are new to Banking Service, so they repeat accepted ones under new uniqueIds and move the balance twice' } },
  'post-after-offboarding': { targets: ['OFF-02'], cascade: { ids: ['STMT-06', 'STMT-07', 'STMT-12'], because: 'the connector keeps a posting loop alive for the deleted account, re-sending accepted transactions' }, says: { 'OFF-02': /After resourceDeleted x-\d{6} for bank account \S+ the connector still sent \d+ POST \/v1\/statements naming it \(first x-\d{6}, answered 409\)/ } },
  'crash-on-malformed-notification': { targets: ['SEC-07', 'SPEC-01'] },
  'slow-notification': { targets: ['ONB-11'], cascade: { ids: allBut(['SYNC-01', 'SYNC-03', 'SYNC-04', 'ONB-11', 'SEC-04', 'SEC-10', 'SEC-11', 'RES-01', 'RES-02', 'RES-03', 'SPEC-02', 'SPEC-04', 'SPEC-07', 'SPEC-08']), because: 'every notification outlasts the notifier\'s 5 s limit, so the connector refuses every /auth as unannounced and no account is ever onboarded' }, slow: true },
  'echo-headers-on-refusal': { targets: ['SEC-10'], says: { 'SEC-10': /^x-\d{6} \(POST \/notification\): the response body contains (a Sage ID bearer token|the notification header value)/ } },
  'no-bearer-on-first-call': { targets: ['SEC-11', 'SPEC-04'], cascade: { ids: allBut(['SYNC-02', 'SYNC-03', 'SYNC-04', 'ONB-07', 'ONB-11', 'ONB-12', 'ONB-13', 'ONB-14', 'STMT-01', 'STMT-02', 'STMT-03', 'STMT-05', 'STMT-07', 'STMT-08', 'STMT-09', 'STMT-10', 'STMT-11', 'STMT-12', 'STMT-13', 'STMT-14', 'STMT-15', 'STMT-16', 'STMT-17', 'STMT-18', 'STMT-19', 'REAUTH-03', 'SEC-01', 'SEC-02', 'SEC-03', 'SEC-04', 'SEC-05', 'SEC-06', 'SEC-07', 'SEC-08', 'SEC-09', 'SEC-10', 'SEC-11', 'SEC-12', 'RES-01', 'RES-02', 'RES-03', 'RES-04', 'RES-05', 'RES-06', 'RES-07', 'RES-08', 'SPEC-01', 'SPEC-02', 'SPEC-03', 'SPEC-04', 'SPEC-05', 'SPEC-06', 'SPEC-07', 'SPEC-08']), because: 'the bank-sync flow ends at Banking Service\'s 401 to the first POST /v1/banks, so the flows up to offboarding have no bank; the connector registers on its retry, in time for the security and resilience flows (a finding: the flow could wait for the retry)' }, says: { 'SEC-11': /^x-\d{6} \(POST \/v1\/banks\): the request has no Authorization header/ } },
  'no-auth-required-statement': { targets: ['REAUTH-01'] },
  'ignore-token-expiry': { targets: ['RES-03'], says: { 'RES-03': /^x-\d{6} \([A-Z]+ \/v1\/[^)]+\): the connector presented an expired Sage ID token/ }, simulator: SHORT_TOKENS },
  'available-accounts-wrapped': { targets: ['SPEC-03'], cascade: { ids: ['MAL-02', 'MAL-03', 'MAL-04', 'MAL-05'], because: 'Banking Service cannot read the wrapped list, so it offers no account to link' } },
  'crash-on-refused-authorisation': { targets: ['SPEC-02'], says: { 'SPEC-02': /^x-\d{6} GET \/auth(refresh)? response status: status 500 is not documented/ } },
  'bank-sync-missing-url': { targets: ['SYNC-03'], cascade: { ids: allBut(['SYNC-02', 'SYNC-03', 'SYNC-04', 'SEC-11', 'RES-01', 'RES-02', 'RES-03', 'SPEC-07', 'SPEC-08']), because: NO_BANK }, says: { 'SYNC-03': /POST \/v1\/banks x-\d{6}: data\.toCreate\[0\]\.url is missing/, 'SYNC-01': /answered POST \/v1\/banks x-\d{6} with 400/ } },
  'call-undocumented-endpoint': { targets: ['SPEC-07'] },
  'no-request-pacing': { targets: ['RES-06'] },
  'grant-type-typo': { targets: ['SPEC-08'], cascade: { ids: allBut(['SPEC-08']), because: NO_BANK }, says: { 'SPEC-08': /^x-\d{6} POST \/oauth\/token request body \/grant_type: must be equal to one of the allowed values: client_credentials/ } },
  'patch-own-authorisation-id': { targets: ['ONB-12'], cascade: { ids: allBut(['SYNC-01', 'SYNC-02', 'SYNC-03', 'SYNC-04', 'ONB-07', 'ONB-10', 'ONB-11', 'ONB-12', 'ONB-14', 'SEC-01', 'SEC-02', 'SEC-03', 'SEC-04', 'SEC-07', 'SEC-09', 'SEC-10', 'SEC-11', 'RES-01', 'RES-02', 'RES-03', 'SPEC-01', 'SPEC-02', 'SPEC-04', 'SPEC-07', 'SPEC-08']), because: NO_ONBOARDING }, says: { 'ONB-12': /PATCH x-\d{6} names authorisation \w+ in its path, which no GET \/auth or \/authrefresh carried/ } },
  'foreign-callback-url': { targets: ['SYNC-02'], cascade: { ids: ['REAUTH-02', 'REAUTH-03', 'REAUTH-04', 'REAUTH-05', 'REAUTH-06', 'REAUTH-07', 'OFF-03'], because: 'Banking Service sends the user to the unreachable reAuth URL, so no re-authorisation succeeds and the user\'s accounts stay authRequired, with no active sibling left to watch in offboarding' }, says: { 'SYNC-02': /POST \/v1\/banks x-\d{6}: data\.toCreate\[0\]\.callbackURLs\.reAuth is https:\/\/reauth\.example\.invalid\/authrefresh, not an absolute URL under CONNECTOR_PUBLIC_URL/ } },
  'iframe-flag-off': { targets: ['SYNC-04'], says: { 'SYNC-04': /data\.toCreate\[0\]\.supportiframe is false, but the config declares the iframe capability/ } },
  'deny-framing': { targets: ['ONB-14'], says: { 'ONB-14': /x-\d{6} \(\/auth\) answers with X-Frame-Options: DENY/ } },
  'wrong-notification-status': { targets: ['ONB-11', 'ONB-13', 'MAL-04', 'OFF-01'], cascade: { ids: ['SEC-05', 'SEC-06', 'SEC-07', 'SEC-08', 'SEC-12', 'RES-04', 'RES-05', 'RES-07', 'RES-08'], because: UNACKNOWLEDGED_NOTIFICATIONS }, says: { 'OFF-01': /resourceDeleted notification x-\d{6} for \S+ with 400/, 'MAL-04': /notification x-\d{6} for the linked account \S+ with 400/ } },
  'duplicate-external-id': { targets: ['ONB-07', 'MAL-03'], says: { 'ONB-07': /PATCH x-\d{6} gives bankAccountExternalId ref-alice-savings to two accounts/, 'MAL-03': /GET \/availableaccounts x-\d{6} gives externalId ref-alice-savings .* but PATCH x-\d{6} sent/ } },
  'patch-omits-connected-accounts': { targets: ['ONB-06'], cascade: { ids: ['SEC-05', 'SEC-06', 'SEC-08', 'SEC-12'], because: KIT_ONBOARDING_REFUSED }, says: { 'ONB-06': /PATCH x-\d{6} of a later session leaves out account 404784\/41000011/ } },
  'redirect-before-patch': { targets: ['ONB-08', 'REAUTH-02'], cascade: { ids: ['REAUTH-07'], because: 'the re-authorised account is still authRequired when the user is back, so posting resumes late' }, says: { 'ONB-08': /PATCH x-\d{6} .* after x-\d{6} had already sent the browser to redirect_uri/ } },
  'available-accounts-omit-added': { targets: ['MAL-05'], says: { 'MAL-05': /x-\d{6} does not list ref-alice-added-1/ } },
  'no-available-accounts': { targets: ['MAL-01'], cascade: { ids: ['MAL-02', 'MAL-03', 'MAL-04', 'MAL-05', 'SEC-12'], because: 'without /availableaccounts nothing can be linked, and the security flow\'s unauthenticated /availableaccounts probe finds no endpoint' }, says: { 'MAL-01': /first GET \/availableaccounts x-\d{6} .* answered 404/ } },
  'bank-account-id-as-bank-id': { targets: ['STMT-02'], cascade: { ids: ['ONB-03', 'STMT-04', 'STMT-12', 'MAL-01', 'MAL-02', 'MAL-03', 'MAL-04', 'MAL-05', 'SEC-08'], because: REFUSED_STATEMENTS } },
  'resend-last-accepted-transaction': { targets: ['STMT-06'], cascade: { ids: ['STMT-12'], because: 'the re-sent transaction moves the reported balance a second time' } },
  'principal-id-is-bank-id': { targets: ['STMT-03'], cascade: { ids: ['ONB-03', 'STMT-04', 'STMT-12', 'MAL-01', 'MAL-02', 'MAL-03', 'MAL-04', 'MAL-05', 'SEC-08'], because: REFUSED_STATEMENTS } },
  'no-balances-on-later-pushes': { targets: ['STMT-11'] },
  'external-id-in-transactions': { targets: ['STMT-01'], cascade: { ids: ['ONB-03', 'STMT-04', 'STMT-09', 'STMT-12', 'MAL-01', 'MAL-02', 'MAL-03', 'MAL-04', 'MAL-05', 'SEC-08', 'SPEC-06'], because: REFUSED_STATEMENTS } },
  'offboard-whole-user': { targets: ['OFF-03'], cascade: { ids: ['STMT-06', 'REAUTH-01', 'REAUTH-07'], because: 'the onboarding flow\'s disconnect-and-reconnect already stops the user\'s other accounts, before posting and re-authorisation use them' }, says: { 'OFF-03': /sibling account \S+ of the same user \(hook x-\d{6}\) produced no completed statement/ } },
  'exchange-amount-without-currency': { targets: ['STMT-19'] },
  'reauth-patch-onboarding-id': { targets: ['REAUTH-06'], cascade: { ids: ['REAUTH-02', 'REAUTH-07', 'OFF-03'], because: NO_ACTIVE_SIBLING } },
  'status-only-after-reauth': { targets: ['REAUTH-07'] },
  'positive-debit-exchange-amounts': { targets: ['STMT-18'], cascade: { ids: ['STMT-04', 'MAL-01', 'MAL-02', 'MAL-03', 'MAL-04', 'MAL-05'], because: REFUSED_STATEMENTS } },
} as const satisfies Record<FaultName, FaultExpectation>;

/** Requirements no fault targets (each is still broken by some row's cascade), with how they are proven instead. */
export const TARGETED_BY_NO_FAULT: Readonly<Record<string, string>> = Object.freeze({
  'ONB-02': 'broken whenever the first onboarding fails (empty-onboarding-patch, patch-own-authorisation-id, no-bank-sync, …); no switch breaks only the second',
  'STMT-04': 'broken whenever Banking Service refuses the history push: every statement-content switch',
  'SEC-12': 'reported only under the default policy available-accounts-auth = sent-not-required; its warning is proven by the policy run in suites/flows/security.flow.test.ts',
});

/** The clean runs: every requirement passes but these, not applicable for the reason given. */
export const CLEAN_RUNS: Readonly<Record<string, MatrixRun & { readonly notApplicable: Readonly<Record<string, RegExp>>; readonly broken?: FaultExpectation['cascade'] }>> = Object.freeze({
  clean: { faults: [], notApplicable: { 'RES-03': /lived 28800 s .* no token came near its expiry/ } },
  'clean, 10-second tokens': { faults: [], simulator: SHORT_TOKENS, notApplicable: {} },
});
