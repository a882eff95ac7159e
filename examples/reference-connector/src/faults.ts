/**
 * Named fault switches: each one a small, deliberate deviation from one requirement, off by default. They exist
 * so the kit can prove that its checks catch what they claim to catch (a detection matrix runs certify once per
 * fault). Turn them on with FAULTS=name,name. In the code each switch is a one- or two-line
 * `if (faults.has('…'))` at the exact point of deviation, so grepping a name finds the whole fault.
 */
export type FaultArea = 'bank-sync' | 'provider-api' | 'notifications' | 'authorisation' | 'multi-account-linking' | 'statements';

export interface FaultDefinition {
  readonly name: string;
  readonly area: FaultArea;
  readonly description: string;
  /** The requirement this fault breaks, in words (the kit maps it to requirement ids). */
  readonly breaks: string;
}

const fault = (name: string, area: FaultArea, description: string, breaks: string): FaultDefinition =>
  Object.freeze({ name, area, description, breaks });

const DEFINITIONS = [
  // Bank sync and the Provider API client
  fault('no-bank-sync', 'bank-sync', 'Skips POST /v1/banks at start-up but reports bankSync "done" on /health.', 'The provider registers its bank and callbackURLs with POST /v1/banks [SYNC].'),
  fault('no-api-key', 'provider-api', 'Leaves the x-api-key header off every Provider API call.', 'Every Provider API call carries x-api-key [P-STMT] [BRUNO-JSON].'),
  fault('token-per-request', 'provider-api', 'Fetches a new Sage ID token for every Provider API call.', 'Sage ID tokens are reused until they expire [APPLY] [SETUP].'),
  fault('no-refresh-on-401', 'provider-api', 'On a 401 gives up instead of fetching a new token and retrying once.', 'A 401 from the Provider API is answered by refreshing the token [G-POST].'),
  fault('no-backoff-on-429', 'provider-api', 'Retries a 429 at once, ignoring Retry-After.', 'The connector backs off on 429 before retrying [APPLY] [SETUP].'),
  // Notifications
  fault('skip-notification-auth', 'notifications', 'Accepts /notification without checking the provider header or the Sage ID token.', 'The connector validates the agreed header and the Sage ID token on /notification [SEC] [SETUP].'),
  fault('crash-on-unknown-notification', 'notifications', 'Answers 500 to a well-formed notification of an unknown type.', 'A notification the connector does not handle is acknowledged or refused, never answered with a 5xx (policy notification-rejection-status) [C-NOTIF].'),
  fault('slow-notification', 'notifications', 'Answers /notification only after 10 seconds.', 'The connector acknowledges notifications promptly and does its work asynchronously (policy notification-success-status) [C-NOTIF].'),
  fault('non-idempotent-notifications', 'notifications', 'A repeated bank-account-created notification pushes the history again.', 'A repeated notification causes nothing new (kit judgement, redelivery is undocumented §14 Q5); the second push repeats uniqueIds [APPLY] [SETUP].'),
  // Authorisation (/auth, /authrefresh, PATCH)
  fault('accept-unannounced-authorisation', 'authorisation', 'Serves /auth and /authrefresh for an authorisation_id no notification announced.', 'authorisation_id must match a recent authorisation notification [SEC].'),
  fault('accept-replayed-authorisation', 'authorisation', 'Lets an authorisation_id be used again after a completed login.', 'An authorisation session is single use [SEC].'),
  fault('accept-expired-authorisation', 'authorisation', 'Accepts an authorisation_id announced more than 20 minutes ago.', 'An authorisation session lives about 20 minutes [SEC].'),
  fault('empty-onboarding-patch', 'authorisation', 'Onboarding PATCH carries an empty bankAccounts array.', 'The onboarding PATCH lists all accounts the user can access [P-AUTHZ].'),
  fault('accounts-in-reauth-patch', 'authorisation', 'Re-authorisation PATCH lists the user\'s accounts.', 'The re-authorisation PATCH carries no accounts (policy reauth-patch-accounts) [P-AUTHZ] [F-REAUTH].'),
  fault('patch-wrong-field-type', 'authorisation', 'Sends accountIdentifier as a number in the onboarding PATCH.', 'PATCH /v1/authorisations bankAccounts fields are strings [P-AUTHZ].'),
  fault('no-state-on-redirect', 'authorisation', 'Redirects to redirect_uri without appending state.', 'The redirect to redirect_uri carries state, on success and failure [C-AUTH] [C-REFRESH].'),
  fault('no-redirect-on-failure', 'authorisation', 'On a failed login shows an error page instead of redirecting to redirect_uri.', 'The connector redirects to redirect_uri with state on failure too [C-AUTH] [C-REFRESH].'),
  // Multi-account linking
  fault('available-accounts-omit-connected', 'multi-account-linking', '/availableaccounts leaves out accounts that are already connected.', '/availableaccounts returns every account, connected ones included [C-AVAIL].'),
  // Statements
  fault('duplicate-unique-ids', 'statements', 'Gives the second transaction of a statement the uniqueId of the first.', 'Every transaction carries a unique uniqueId [APPLY] [SETUP].'),
  fault('send-pending-transactions', 'statements', 'Includes pending (uncleared) transactions in statements.', 'Only cleared transactions are sent [APPLY] [CA-TXN].'),
  fault('wrong-expected-totals', 'statements', 'Reports transactionDetailsCount one higher than sent.', 'The expected control totals match the payload (policy expected-block) [BRUNO].'),
  fault('positive-debit-sum', 'statements', 'Reports expected.transactionDebitSum as a positive magnitude.', 'transactionDebitSum is the signed, negative debit sum (policy debit-sum-sign) [BRUNO].'),
  fault('two-account-details', 'statements', 'Sends the AccountDetail twice in each statement.', 'A statement carries exactly one AccountDetail [P-STMT].'),
  fault('balances-before-transactions', 'statements', 'Reports the balances from before the statement\'s transactions.', 'AccountDetail balances are those after the statement\'s transactions [P-STMT].'),
  fault('oversize-batch', 'statements', 'Ignores STATEMENT_BATCH_LIMIT when batching.', 'A statement carries at most the batch limit of TransactionDetails (policy statement-batch-limit) [P-STMT].'),
  fault('wide-date-spread', 'statements', 'Ignores the 14-day window when batching.', 'No transaction is more than two weeks older than the newest in the same upload [APPLY] [SETUP].'),
  fault('unsorted-transactions', 'statements', 'Sends each statement\'s transactions newest first.', 'Transactions go in statement (date) order (policy statement-order) [APPLY] [P-STMT].'),
  fault('ignore-requested-start-date', 'statements', 'The history push also sends transactions before requestedStartDate.', 'The first push covers transactions from requestedStartDate [U-POST] [C-NOTIF].'),
  fault('concurrent-statements', 'statements', 'Posts all batches of an account at once without waiting for completion.', 'One statement in flight per bank account, each completed before the next [P-STMT] [F-POST].'),
  fault('new-ids-on-resubmit', 'statements', 'Resubmits a statement after a 500 or lost response with fresh uniqueIds.', 'A resubmission after an uncertain delivery is the same statement, same uniqueIds [APPLY] [SETUP].'),
  fault('post-after-offboarding', 'statements', 'Keeps posting statements for a bank account after its resourceDeleted notification.', 'After offboarding the connector stops posting for that account [F-OFF] [CA-OFF].'),
  fault('no-auth-required-statement', 'statements', 'When consent lapses, posts nothing instead of the authRequired status statement.', 'The provider reports lapsed consent with a 0-transaction authRequired statement [U-REAUTH] [BRUNO].'),
] as const satisfies readonly FaultDefinition[];

export type FaultName = (typeof DEFINITIONS)[number]['name'];

export const FAULT_CATALOGUE: ReadonlyMap<FaultName, FaultDefinition> = (() => {
  const catalogue = new Map<FaultName, FaultDefinition>();
  for (const definition of DEFINITIONS) {
    if (catalogue.has(definition.name)) throw new Error(`fault catalogue: duplicate fault name ${definition.name}`);
    catalogue.set(definition.name, definition);
  }
  return catalogue;
})();

export const FAULT_NAMES: readonly FaultName[] = Object.freeze([...FAULT_CATALOGUE.keys()]);

export function isFaultName(value: string): value is FaultName {
  return FAULT_CATALOGUE.has(value as FaultName);
}

/** The switches in force; `has` is the only question the code asks. */
export interface FaultSet {
  has(name: FaultName): boolean;
  readonly names: readonly FaultName[];
}

export const NO_FAULTS: FaultSet = faultSet([]);

export function faultSet(names: readonly FaultName[]): FaultSet {
  const enabled = new Set(names);
  return Object.freeze({ has: (name: FaultName) => enabled.has(name), names: Object.freeze([...enabled]) });
}

/** Parses FAULTS (comma-separated). Returns the set or the first unknown name. */
export function parseFaults(raw: string | undefined): { readonly faults: FaultSet } | { readonly unknown: string } {
  const names = (raw ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
  const known: FaultName[] = [];
  for (const name of names) {
    if (!isFaultName(name)) return { unknown: name };
    known.push(name);
  }
  return { faults: faultSet(known) };
}
