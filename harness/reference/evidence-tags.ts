/**
 * The evidence tags of `reference/sage-banking-service.md` §0.1, frozen. Every requirement, policy and spec
 * description cites these; an unknown tag anywhere in the kit is a loading error, never a silent pass.
 */
export const EVIDENCE_TAGS = Object.freeze({
  GS: 'bs:provider-api/get-started/',
  EXPL: 'bs:provider-api/get-started/explore',
  APPLY: 'bs:provider-api/get-started/apply-set-up/',
  SETUP: 'bs:provider-api/get-started/setup/',
  DEVTEST: 'bs:provider-api/get-started/develop-test/',
  INT: 'pa-int: (3. Integrate)',
  PLAN: 'pa-int:integration-plan',
  SEC: 'pa-int:securing-connector-api',
  SYNC: 'pa-int:bank-sync',
  TEST: 'pa-int:testing/',
  'C-NOTIF': 'pa-int:endpoints/connector-api/notification',
  'C-AUTH': 'pa-int:endpoints/connector-api/auth/',
  'C-REFRESH': 'pa-int:endpoints/connector-api/authrefresh',
  'C-AVAIL': 'pa-int:endpoints/connector-api/availableaccounts/',
  'P-AUTHZ': 'pa-int:endpoints/provider-api/authorisations',
  'P-STMT': 'pa-int:endpoints/provider-api/statements',
  'P-AQ': 'pa-int:endpoints/provider-api/accountqueries',
  'F-ONB': 'pa-int:api-flows/onboarding/',
  'F-REAUTH': 'pa-int:api-flows/reauthorisation',
  'F-MAL': 'pa-int:api-flows/multi-account-linking',
  'F-POST': 'pa-int:api-flows/posting-statements',
  'F-OFF': 'pa-int:api-flows/offboarding',
  'G-ONB': 'bs:provider-api/guides/api-flows/onboarding/',
  'G-REAUTH': 'bs:provider-api/guides/api-flows/reauthorisation/',
  'G-MAL': 'bs:provider-api/guides/api-flows/multi-account-linking/',
  'G-POST': 'bs:provider-api/guides/api-flows/posting-statements/',
  'G-DISC': 'bs:provider-api/guides/api-flows/disconnect/',
  'G-USE': 'bs:provider-api/guides/use-cases/',
  'U-ONB': 'bs:provider-api/banking-service/user-flows/onboarding',
  'U-REAUTH': 'bs:provider-api/banking-service/user-flows/reauthorisation',
  'U-MAL': 'bs:provider-api/banking-service/user-flows/multi-account-linking',
  'U-POST': 'bs:provider-api/banking-service/user-flows/posting-statements',
  'U-OFF': 'bs:provider-api/banking-service/user-flows/offboarding',
  REQ: 'bs:guides/read/provider-requirements',
  FX: 'bs:guides/read/exchange-rates/',
  PLAY: 'bs:guides/read/playground-bank',
  NSVC: 'bs:guides/read/notification-service',
  ANN: 'bs:announcements',
  'CA-GS': 'bs:consumer-api/get-started/',
  'CA-SETUP': 'bs:consumer-api/get-started/setup',
  'CA-INT': 'bs:consumer-api/get-started/integrate/',
  'CA-ONB': 'bs:consumer-api/guides/onboarding/',
  'CA-ONBAPI': 'bs:consumer-api/guides/direct-api/bank-feeds/onboarding-with-api',
  'CA-CREATE': 'bs:consumer-api/guides/creating-bank-accounts',
  'CA-MAL': 'bs:consumer-api/get-started/integrate/bank-feeds/multi-account-link/',
  'CA-TXN': 'bs:consumer-api/get-started/integrate/bank-feeds/get-transactions',
  'CA-FETCH': 'bs:consumer-api/guides/fetching-transactions',
  'CA-OFF': 'bs:consumer-api/get-started/integrate/bank-feeds/offboarding/',
  'CA-REAUTHUI': 'bs:consumer-api/get-started/integrate/bank-feeds/reauth/integrate-with-ui',
  'CA-REAUTHAPI': 'bs:consumer-api/guides/direct-api/bank-feeds/reauth-with-api',
  'CA-DEMO': 'bs:consumer-api/guides/demo-banks',
  'CA-AUTHSVC': 'bs:consumer-api/guides/onboarding-authentication-service/',
  AUTHSVC: 'developer.sage.com/authentication-service/guides/token-structure/',
  'OLD-API': 'developer.sage.com/api/provider/ (2020-era Provider API v1 docs)',
  BRUNO: 'Bruno collection adelesmith-sage/BankingServicePapi (.bru files)',
  'BRUNO-JSON': 'Bruno collection, earlier JSON export (request shapes and headers)',
  'BRUNO-README': 'Bruno collection README',
} as const);

export type EvidenceTag = keyof typeof EVIDENCE_TAGS;

export function isEvidenceTag(value: string): value is EvidenceTag {
  return Object.hasOwn(EVIDENCE_TAGS, value);
}

/** Finds every `[TAG]` in a text (an OpenAPI description, a sentence) and returns those the reference does not define. */
export function unknownEvidenceTagsIn(text: string): string[] {
  const cited = [...text.matchAll(/\[([A-Z][A-Z0-9-]*)\]/g)].map((match) => match[1] ?? '');
  return cited.filter((tag) => !isEvidenceTag(tag));
}
