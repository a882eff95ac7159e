import type { EvidenceTag } from '../reference/evidence-tags.ts';

/**
 * One decision the kit takes where the Sage sources are silent or contradict each other (reference §12, §14).
 * A check or simulator behaviour that depends on one names it, and every report prints the values in force,
 * so a provider never fails silently on an ambiguity.
 */
export interface PolicyDefinition<Value extends string | number = string | number> {
  readonly title: string;
  /** What the sources leave open, in one sentence. */
  readonly question: string;
  readonly allowed: readonly Value[];
  readonly default: Value;
  /** Why the default is what it is. */
  readonly reason: string;
  readonly evidence: readonly EvidenceTag[];
  /** The disagreements (D*), open questions (Q*) or under-specified rules (R*) of the reference this policy settles. */
  readonly settles: readonly string[];
}

const policy = <const Value extends string | number>(definition: PolicyDefinition<Value>): PolicyDefinition<Value> =>
  Object.freeze({ ...definition, allowed: Object.freeze([...definition.allowed]) });

export const POLICY_CATALOGUE = Object.freeze({
  'statement-batch-limit': policy({
    title: 'Maximum TransactionDetails per statement',
    question: 'Does one POST /v1/statements take up to 100 or up to 1,000 TransactionDetails?',
    allowed: [100, 1000],
    default: 100,
    reason:
      'A connector that keeps to 100 is accepted under both readings; certifying against the stricter one means a pass holds whichever copy of the page is right.',
    evidence: ['P-STMT', 'G-POST'],
    settles: ['D1', 'Q11'],
  }),
  'reauth-patch-accounts': policy({
    title: 'Accounts in the re-authorisation PATCH body',
    question: 'Does PATCH /v1/authorisations/{id} after /authrefresh carry no bankAccounts, an empty array, or the authorised accounts?',
    allowed: ['none-or-empty', 'status-only', 'empty-array', 'any'],
    default: 'none-or-empty',
    reason:
      'Three sources (the authorisations page, the Bruno-era flow page and the collection) say no accounts; they differ only on omitting the field or sending []. Only the user-flow page mentions accounts.',
    evidence: ['P-AUTHZ', 'F-REAUTH', 'U-REAUTH', 'BRUNO'],
    settles: ['D2', 'Q19'],
  }),
  'debit-sum-sign': policy({
    title: 'Sign of expected.transactionDebitSum',
    question: 'Is transactionDebitSum the signed (negative) sum of debit amounts, or its magnitude?',
    allowed: ['negative', 'positive', 'either'],
    default: 'negative',
    reason: 'The only evidence, the Sage collection, sends -100 for one debit of -100.',
    evidence: ['BRUNO'],
    settles: ['Q12'],
  }),
  'expected-block': policy({
    title: 'The expected control block on statements',
    question: 'Is data.expected mandatory, and is a mismatch with the payload rejected?',
    allowed: ['required-and-matching', 'matching-if-present', 'ignored'],
    default: 'required-and-matching',
    reason:
      'Every current example carries a complete expected block whose totals match the payload; control totals that may be wrong or absent would protect nothing.',
    evidence: ['BRUNO', 'P-STMT'],
    settles: ['Q12'],
  }),
  'account-activation': policy({
    title: 'When a pending bank account becomes active',
    question: 'Does an onboarded account stay pending until the first transactions arrive, or is it active at once?',
    allowed: ['first-transactions', 'first-accepted-statement', 'on-creation'],
    default: 'first-transactions',
    reason:
      'The posting flow page and the official test plan (T-ONB-1, T-ONB-2 expect pending) agree; the collection asserting active is explained by the playground bank posting data itself.',
    evidence: ['F-POST', 'TEST', 'BRUNO'],
    settles: ['D12', 'Q23'],
  }),
  'notification-success-status': policy({
    title: 'Status codes that acknowledge a /notification',
    question: 'Which status must the connector return for a notification it accepted?',
    allowed: ['any-2xx', '200-or-204', '200'],
    default: 'any-2xx',
    reason: 'No source documents the response; any 2xx is the conventional webhook acknowledgement.',
    evidence: ['C-NOTIF'],
    settles: ['Q5'],
  }),
  'notification-rejection-status': policy({
    title: 'Status codes that refuse a malformed or unauthenticated /notification',
    question: 'What must the connector answer to a notification it refuses?',
    allowed: ['any-4xx', '400-401-403'],
    default: 'any-4xx',
    reason:
      'Undocumented; a 4xx tells Banking Service the request was refused without suggesting a retry, a 5xx or a dropped connection does not.',
    evidence: ['SETUP', 'SEC'],
    settles: ['Q5'],
  }),
  'banks-body-shape': policy({
    title: 'Shape of data in POST /v1/banks',
    question: 'Is data an object holding toCreate/toUpdate/toRemove, or an array of such objects?',
    allowed: ['object', 'array', 'either'],
    default: 'either',
    reason: 'The collection and the bank-sync page disagree and neither is marked obsolete; both are accepted.',
    evidence: ['BRUNO', 'SYNC'],
    settles: ['D5', 'Q21'],
  }),
  'country-code-format': policy({
    title: 'Format of countryCode in bank sync',
    question: 'ISO 3166 alpha-2 ("GB") or alpha-3 ("USA")?',
    allowed: ['alpha-2', 'alpha-3', 'either'],
    default: 'either',
    reason: 'The bank-sync page says "ISO country code" with GB/US, the collection sends USA; both are accepted.',
    evidence: ['SYNC', 'BRUNO'],
    settles: ['D6', 'Q21'],
  }),
  'token-request-encoding': policy({
    title: 'Body encoding of the Sage ID token request',
    question: 'Is POST /oauth/token sent form-urlencoded or as JSON?',
    allowed: ['form', 'json', 'either'],
    default: 'either',
    reason:
      'The collection sends form-urlencoded, the playground page JSON. The old guide misspells the grant type; only client_credentials is accepted whatever the encoding.',
    evidence: ['BRUNO', 'PLAY', 'G-POST'],
    settles: ['D11'],
  }),
  'statement-principal-id': policy({
    title: 'Meaning of data.principalId in statements',
    question: 'Is principalId the Banking Service bank account id or the bank principal id?',
    allowed: ['bank-account-id', 'bank-principal-id', 'either'],
    default: 'bank-account-id',
    reason:
      'The current collection sets it to the bank account id; the old re-auth guide sample is one UUID reused elsewhere and looks copied.',
    evidence: ['BRUNO', 'G-REAUTH'],
    settles: ['D7', 'Q13'],
  }),
  'two-week-spread-scope': policy({
    title: 'Scope of the two-week spread rule',
    question: 'Is "at most two weeks older than the newest transaction" measured within one statement or the account history?',
    allowed: ['statement', 'off'],
    default: 'statement',
    reason: 'The reference reads it as one upload; measuring against history would forbid every first push of older history.',
    evidence: ['APPLY', 'SETUP', 'GS'],
    settles: ['Q17'],
  }),
  'amount-sign-matches-type': policy({
    title: 'Sign of transactionAmount against transactionType',
    question: 'Must a CREDIT be positive and a DEBIT negative?',
    allowed: ['enforce', 'off'],
    default: 'enforce',
    reason: 'Every example signs amounts by type, and transactionDebitSum is negative; a mismatch double-counts in the ledger.',
    evidence: ['BRUNO', 'FX'],
    settles: ['Q16'],
  }),
  'multi-account-linking': policy({
    title: 'Is multi-account linking mandatory?',
    question: 'The integrate page calls /availableaccounts optional; the requirements page lists it as a minimum capability.',
    allowed: ['required', 'optional'],
    default: 'required',
    reason: 'The provider-requirements page is the certification list; a provider may set optional and declare the capability off, which then shows in its report.',
    evidence: ['INT', 'REQ'],
    settles: ['D8'],
  }),
  'authrefresh-bankaccount-parameter': policy({
    title: 'Value of the bankaccount parameter on /authrefresh',
    question: 'Is bankaccount the Banking Service bank account id (as named) or the bank id (as described)?',
    allowed: ['bank-account-id', 'bank-id'],
    default: 'bank-account-id',
    reason: 'The parameter name and the externalId sent beside it are per account; /auth already has a bank parameter.',
    evidence: ['C-REFRESH', 'C-AUTH'],
    settles: ['D4'],
  }),
  'redirect-state-format': policy({
    title: 'How state is appended to redirect_uri',
    question: 'Is state appended as a query parameter or concatenated raw?',
    allowed: ['query-parameter', 'query-parameter-or-raw'],
    default: 'query-parameter',
    reason: 'A query parameter (?state= or &state=) is the only form a redirect_uri with its own query can carry unambiguously.',
    evidence: ['C-AUTH', 'C-REFRESH'],
    settles: ['Q7'],
  }),
  'auth-redirect-kind': policy({
    title: 'How /auth and /authrefresh may hand the user back',
    question: 'May the connector answer with an HTTP 30x instead of an HTML page or a window.location script?',
    allowed: ['html-script-or-30x', 'html-or-script'],
    default: 'html-script-or-30x',
    reason: 'The docs accept any valid HTML including a window.location script; a browser follows a 30x to the same place.',
    evidence: ['C-AUTH', 'C-REFRESH'],
    settles: ['Q7'],
  }),
  'statements-for-inactive-accounts': policy({
    title: 'Statements for authRequired and cancelled accounts',
    question: 'Does Banking Service accept statements for an account that is authRequired or cancelled?',
    allowed: ['reject-cancelled', 'reject-cancelled-and-auth-required'],
    default: 'reject-cancelled',
    reason:
      'A cancelled account is terminal and its data hard-deleted; an authRequired account must still accept the status statement that reports it, and its re-auth PATCH restores it.',
    evidence: ['CA-OFF', 'F-OFF', 'U-REAUTH'],
    settles: ['Q24'],
  }),
  'available-accounts-auth': policy({
    title: 'Authentication sent on /availableaccounts',
    question: 'Does Banking Service authenticate its GET /availableaccounts call, and must the connector check it?',
    allowed: ['sent-not-required', 'required'],
    default: 'sent-not-required',
    reason:
      'Undocumented. The kit sends the Sage ID token and the provider header as on /notification, and reports whether the connector enforces them without failing it either way.',
    evidence: ['SEC', 'C-AVAIL'],
    settles: ['Q1', 'Q3'],
  }),
  'unique-id-scope': policy({
    title: 'Scope in which transaction uniqueIds must be unique',
    question: 'Must a uniqueId be unique within one bank account\'s history, or across everything the provider ever sent?',
    allowed: ['bank-account', 'provider'],
    default: 'bank-account',
    reason:
      'Banking Service checks ids against what it holds for the account and hard-deletes an account\'s data on disconnection; T-ONB-3 expects a reconnected account (a new bank account id) to receive its history again.',
    evidence: ['APPLY', 'SETUP', 'CA-OFF', 'TEST'],
    settles: ['R2'],
  }),
  'ending-balance-field': policy({
    title: 'Which balance is the "correctly signed ending balance"',
    question: 'Is the ending balance a statement with transactions must carry the ledger or the available balance?',
    allowed: ['ledgerBalance', 'availableBalance', 'both'],
    default: 'ledgerBalance',
    reason:
      'The ledger balance is the booked balance after cleared transactions, which is what an ending balance on a statement is; the available balance also moves with pending items and overdraft limits.',
    evidence: ['APPLY', 'SETUP', 'P-STMT'],
    settles: ['Q14'],
  }),
  'statement-order': policy({
    title: 'Order of transactions within a statement',
    question: 'How is "the order they appear on the account statement" checked?',
    allowed: ['date-posted-ascending', 'off'],
    default: 'date-posted-ascending',
    reason: 'The only observable proxy for statement order is datePosted; batches go in date order.',
    evidence: ['APPLY', 'SETUP', 'P-STMT'],
    settles: ['Q17'],
  }),
});

export type PolicyId = keyof typeof POLICY_CATALOGUE;
export type PolicyValue<Id extends PolicyId> = (typeof POLICY_CATALOGUE)[Id]['allowed'][number];
export type Policies = { readonly [Id in PolicyId]: PolicyValue<Id> };
export const POLICY_IDS = Object.freeze(Object.keys(POLICY_CATALOGUE) as PolicyId[]);

export function isPolicyId(value: string): value is PolicyId {
  return Object.hasOwn(POLICY_CATALOGUE, value);
}
