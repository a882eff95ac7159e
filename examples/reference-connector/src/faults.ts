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
  // Security, resilience and spec conformance (the kit's security, resilience and spec-conformance checks)
  fault('crash-on-malformed-notification', 'notifications', 'Answers 500 to an authenticated notification whose body is not JSON or lacks or mistypes type or resource.', 'A malformed notification is refused with a 4xx, never a 5xx (policy notification-rejection-status) [C-NOTIF].'),
  fault('echo-headers-on-refusal', 'notifications', 'Echoes the request headers (Sage ID token and provider header included) in the body of a refused notification.', 'No connector response carries a secret or a bearer token [REQ] [APPLY] [SETUP].'),
  fault('no-bearer-on-first-call', 'provider-api', 'Sends its first Provider API call (bank sync) without the Authorization header.', 'Every Provider API call carries a Sage ID bearer token [P-AUTHZ] [P-STMT] [BRUNO].'),
  fault('ignore-token-expiry', 'provider-api', 'Keeps using the cached Sage ID token past its expiry, renewing it only after a 401.', 'A Sage ID token is renewed before it expires [G-POST] [APPLY] [SETUP].'),
  fault('no-request-pacing', 'provider-api', 'Sends Provider API calls without pacing them under the 10 requests per second throttle.', 'The connector keeps to the default throttle of 10 requests per second [APPLY] [SETUP].'),
  fault('crash-on-refused-authorisation', 'authorisation', 'Answers 500 instead of an error page to /auth and /authrefresh for an unannounced, expired or used authorisation_id.', 'The auth pages answer with a page, a redirect or a 4xx the Connector API documents [C-AUTH] [C-REFRESH].'),
  fault('available-accounts-wrapped', 'multi-account-linking', 'Wraps the /availableaccounts array in an object {"accounts": [...]}.', '/availableaccounts answers a bare JSON array of accounts [C-AVAIL].'),
  fault('call-undocumented-endpoint', 'provider-api', 'Calls GET /v1/providers/me, which the Provider API does not document, once after bank sync.', 'The connector calls only documented Provider API operations [P-STMT] [P-AQ] [BRUNO].'),
  fault('grant-type-typo', 'provider-api', 'Requests Sage ID tokens with grant_type client_credentails, the old guide\'s typo.', 'Token requests use grant_type client_credentials [BRUNO] [PLAY].'),
  // Bank sync, onboarding, multi-account linking and offboarding (the kit's SYNC, ONB, MAL and OFF checks)
  fault('foreign-callback-url', 'bank-sync', 'Registers the reAuth callback URL on a host other than CONNECTOR_PUBLIC_URL.', 'Every callback URL is registered under CONNECTOR_PUBLIC_URL [SYNC] [BRUNO].'),
  fault('bank-sync-missing-url', 'bank-sync', 'Leaves url out of the bank sync toCreate entry.', 'A toCreate entry carries name, countryCode, externalRef and url [SYNC] [BRUNO].'),
  fault('iframe-flag-off', 'bank-sync', 'Registers the bank with supportiframe false although its auth pages can be framed.', 'supportiframe says whether the auth pages work inside an iframe [SYNC] [C-AUTH].'),
  fault('deny-framing', 'authorisation', 'Sends X-Frame-Options: DENY with the /auth and /authrefresh sign-in pages.', 'The auth pages of a bank registered with supportiframe can be framed by Banking Service [C-AUTH] [SYNC].'),
  fault('redirect-before-patch', 'authorisation', 'Sends the user to redirect_uri first and PATCHes the authorisation 200 ms later.', 'The authorisation is PATCHed before the user is sent back to redirect_uri [F-ONB] [SEC].'),
  fault('patch-own-authorisation-id', 'authorisation', 'PATCHes /v1/authorisations with an id of its own instead of the authorisation_id.', 'The PATCH names the authorisation_id of the /auth request [SEC] [P-AUTHZ].'),
  fault('duplicate-external-id', 'authorisation', 'Gives the third account of an onboarding PATCH the bankAccountExternalId of the second.', 'Each account has its own, stable bankAccountExternalId [P-AUTHZ] [C-NOTIF].'),
  fault('patch-omits-connected-accounts', 'authorisation', 'Leaves accounts that are already connected out of the onboarding PATCH.', 'The onboarding PATCH lists previously onboarded accounts too [P-AUTHZ].'),
  fault('wrong-notification-status', 'notifications', 'Handles every notification as usual but answers 400 instead of 202.', 'An accepted notification is acknowledged with a 2xx (policy notification-success-status) [C-NOTIF].'),
  fault('offboard-whole-user', 'notifications', 'On a resourceDeleted notification stops pushing for every account of the same user.', 'Disconnecting one bank account leaves the user\'s other accounts posting [CA-OFF] [F-OFF].'),
  fault('no-available-accounts', 'multi-account-linking', 'Answers 404 on /availableaccounts as if multi-account linking were not implemented.', 'The connector serves /availableaccounts [REQ] [C-AVAIL].'),
  fault('available-accounts-omit-added', 'multi-account-linking', '/availableaccounts leaves out accounts opened after onboarding.', '/availableaccounts includes accounts added since the original PATCH [C-AVAIL].'),
  // Posting and re-authorisation (the kit's STMT and REAUTH checks)
  fault('external-id-in-transactions', 'statements', 'Puts the account\'s externalId in transactionDetails[].bankAccountId instead of the resource.id of its bank-account-created notification.', 'Statements name the bank account by the resource.id of its notification (R20) [C-NOTIF] [BRUNO].'),
  fault('bank-account-id-as-bank-id', 'statements', 'Sends the bank account id as data.bankId instead of the id of the account\'s bank.', 'data.bankId is the Banking Service id of the account\'s bank [P-STMT] [BRUNO].'),
  fault('principal-id-is-bank-id', 'statements', 'Sends the bank id as data.principalId instead of the bank account id.', 'data.principalId is the bank account id (policy statement-principal-id) [BRUNO].'),
  fault('resend-last-accepted-transaction', 'statements', 'Each later push re-sends the account\'s last delivered transaction under a fresh uniqueId.', 'Later pushes carry only transactions not accepted before, under no uniqueId (R13) [U-POST] [APPLY].'),
  fault('no-balances-on-later-pushes', 'statements', 'Leaves balances out of the statements of every push after an account\'s first.', 'Every statement with transactions carries the signed ending balance [APPLY] [SETUP] [P-STMT].'),
  fault('positive-debit-exchange-amounts', 'statements', 'Sends exchangeAmount of foreign-currency debits as a positive magnitude.', 'exchangeAmount is signed like the transaction: negative for a DEBIT (policy amount-sign-matches-type) [BRUNO] [FX].'),
  fault('exchange-amount-without-currency', 'statements', 'Sends exchangeAmount without exchangeCurrency on foreign-currency transactions.', 'A foreign-currency transaction names its original currency in exchangeCurrency beside exchangeAmount [FX].'),
  fault('reauth-patch-onboarding-id', 'authorisation', 'Completes a re-authorisation by PATCHing the authorisation id of the user\'s first onboarding instead of the /authrefresh one.', 'The re-authorisation PATCH names the authorisation_id of the /authrefresh request [SEC] [C-REFRESH].'),
  fault('status-only-after-reauth', 'statements', 'After a successful re-authorisation posts only a status-only active statement, leaving the transactions booked meanwhile unsent.', 'Posting resumes after re-authorisation with the transactions cleared meanwhile [F-REAUTH] [U-POST].'),
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
