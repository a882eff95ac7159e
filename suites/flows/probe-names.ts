/**
 * Names shared by the security and resilience flows (which produce the evidence) and their checks (which read it
 * back): the annotations on the exchanges the kit crafts itself, the stable step names, and the probe kinds.
 * Changing a value here changes where a check looks, so both sides import it from this one file.
 */

/** Annotation on every exchange the kit crafts as Banking Service: which probe it was. */
export const PROBE_ANNOTATION = 'probe';
/** Annotation naming the resource id a probe announced (authorisation id or bank account id). */
export const PROBE_RESOURCE_ANNOTATION = 'probe.resourceId';

/** SEC-01: authorisation notifications whose provider header is missing or wrong, the token being valid. */
export const HEADER_PROBES = Object.freeze(['missing-provider-header', 'wrong-provider-header'] as const);
/** SEC-02: authorisation notifications whose token is missing, foreign, expired or for another audience (KC-02). */
export const TOKEN_PROBES = Object.freeze(['missing-token', 'token-signed-by-another-key', 'expired-token', 'token-for-another-audience'] as const);
/** SEC-03: a bank-account-created notification with a wrong provider header, for a bank account id nobody created. */
export const REFUSED_BANK_ACCOUNT_PROBE = 'refused-bank-account-created';
/** SEC-07: authenticated notifications whose body is not a notification. */
export const MALFORMED_PROBES = Object.freeze([
  'body-not-json',
  'body-not-an-object',
  'type-missing',
  'resource-missing',
  'type-not-a-string',
  'resource-not-an-object',
  'resource-id-not-a-string',
  'resource-type-not-a-string',
] as const);
/** SEC-07: the well-formed notification sent right after the malformed ones. */
export const FOLLOW_UP_PROBE = 'well-formed-after-malformed';
/** SEC-08: the kit's second delivery of the simulator's bank-account-created notification. */
export const REPEAT_PROBE = 'repeated-delivery';
/** SEC-09: authenticated, well-formed notifications of a kind no source documents. */
export const UNKNOWN_TYPE_PROBES = Object.freeze(['type-resource-updated', 'unknown-resource-type'] as const);
/** SEC-12: GET /availableaccounts with everything, without the token, without the provider header. */
export const AVAILABLE_ACCOUNTS_PROBES = Object.freeze({
  control: 'available-accounts-authenticated',
  withoutToken: 'available-accounts-without-token',
  withoutHeader: 'available-accounts-without-provider-header',
} as const);

export type HeaderProbe = (typeof HEADER_PROBES)[number];
export type TokenProbe = (typeof TOKEN_PROBES)[number];
export type MalformedProbe = (typeof MALFORMED_PROBES)[number];
export type UnknownTypeProbe = (typeof UNKNOWN_TYPE_PROBES)[number];

/** Step names of the security flow (stable: checks look them up). */
export const SECURITY_STEPS = Object.freeze({
  findBank: 'find-bank',
  onboard: 'onboard-security-account',
  reauthorise: 'complete-reauthorisation',
  headerProbes: 'probe-notification-provider-header',
  tokenProbes: 'probe-notification-token',
  refusedEffects: 'probe-refused-notification-effects',
  unannounced: 'probe-unannounced-authorisation',
  replayed: 'probe-replayed-authorisation',
  malformed: 'probe-malformed-notifications',
  unknownTypes: 'probe-unknown-notifications',
  repeated: 'probe-repeated-notification',
  availableAccounts: 'probe-available-accounts-auth',
  expired: 'probe-expired-authorisation',
} as const);

/** Step names of the resilience flow (stable: checks look them up). */
export const RESILIENCE_STEPS = Object.freeze({
  findBank: 'find-bank',
  onboard: 'onboard-resilience-account',
  settle: 'settle-first-push',
  refreshAfter401: 'refresh-after-401',
  backOffAfter429: 'back-off-after-429',
  resubmitAfter500NotStored: 'resubmit-after-500-not-stored',
  resubmitAfterDropNotStored: 'resubmit-after-drop-not-stored',
  burst: 'burst-of-statements',
  resubmitAfter500Stored: 'resubmit-after-500-stored',
  listTransactions: 'list-transactions',
  outliveToken: 'outlive-token',
} as const);

/** Sage ID tokens living longer than this are not outlived: the run would have to wait for them (RES-03). */
export const MAX_OUTLIVED_TOKEN_SECONDS = 30;

/** Step-data keys. */
export const NOTE = Object.freeze({
  bankId: 'bankId',
  bankAccountId: 'bankAccountId',
  externalId: 'externalId',
  authorisationId: 'authorisationId',
  refusedBankAccountId: 'refusedBankAccountId',
  clockAdvancedSeconds: 'clockAdvancedSeconds',
  barrier: 'barrier',
} as const);
