import type { EvidenceTag } from '../reference/evidence-tags.ts';

/**
 * Behaviour of the simulated Banking Service that no Sage source documents. Each is a decision the kit owns (not
 * a policy a provider may switch), named by id so the code that implements it can cite `[KC-07]` and a report or
 * a reviewer can find the reason. `settles` names the reference's open questions (§14 Q*), disagreements (D*) or
 * rules (R*) it answers; `evidence` the sources it leans on.
 */
export interface KitContract {
  readonly title: string;
  readonly decision: string;
  readonly settles: readonly string[];
  readonly evidence: readonly EvidenceTag[];
}

const contract = (definition: KitContract): KitContract =>
  Object.freeze({ ...definition, settles: Object.freeze([...definition.settles]), evidence: Object.freeze([...definition.evidence]) });

export const KIT_CONTRACTS = Object.freeze({
  'KC-01': contract({
    title: 'Provider API authentication: 401 versus 403',
    decision:
      'The token is checked first: missing, malformed, badly signed, expired, wrong-issuer, wrong-audience or unknown-client tokens get 401. ' +
      'A valid token with a missing or wrong x-api-key, or an x-api-key of another provider, gets 403; so does a resource (bank, account, statement, authorisation) of another provider.',
    settles: ['Q10'],
    evidence: ['G-POST', 'APPLY', 'P-STMT'],
  }),
  'KC-02': contract({
    title: 'How Banking Service authenticates its calls to the connector',
    decision:
      'Every call to the connector (/notification and /availableaccounts) carries "Authorization: Bearer <jwt>" issued by the simulated Sage ID (RS256, keys at its JWKS), ' +
      'iss = the Sage ID URL, aud = the provider\'s client id, client_id = "banking-service", plus the provider-chosen header name and value.',
    settles: ['Q1', 'Q2', 'Q3'],
    evidence: ['SEC', 'SETUP'],
  }),
  'KC-03': contract({
    title: 'Notification delivery',
    decision:
      'One attempt per notification, no redelivery; the consumer call that triggers it (indirectlinkaccount, bankaccounts, linkavailablebankaccount, indirectauth, DELETE) awaits the outcome before answering, ' +
      'so the connector hears of a resource before the product does. A failed delivery is recorded as an event and never fails the product\'s call.',
    settles: ['Q5'],
    evidence: ['C-NOTIF', 'BRUNO'],
  }),
  'KC-04': contract({
    title: 'Which statement rules are checked at POST and which during processing',
    decision:
      'At POST (answered 400/403/404/409/422): schema, one AccountDetail (R12), batch limit (R11), expected totals (R17), known account and matching ids (R20), principalId, ' +
      'a cancelled account (and authRequired under the stricter policy), a statement already in flight (R7). During processing (status rejected with reasons): duplicate uniqueIds (R2), ' +
      'non-posted transactions (R1), transactions before requestedStartDate (R13), the two-week spread (R8), statement order (R9), amount signs (R16), balances (R4/R5). ' +
      'The spec\'s enums and limits catch some of these first (transactionStatus other than posted, a second AccountDetail: 400); the rules stand behind them when a run has no specs. ' +
      'The docs say only that "some initial data validation checks will be performed" synchronously [G-POST].',
    settles: ['Q8', 'Q9', 'Q10'],
    evidence: ['P-STMT', 'G-POST', 'APPLY'],
  }),
  'KC-05': contract({
    title: 'Statement processing states',
    decision:
      'POST answers 201 {data:{_id, status:"accepted", bankAccountId}}; the statement moves to processing at once and to completed or rejected after statementProcessingMs (default 25 ms). ' +
      'GET /v1/statements/{id} answers {data:{_id, bankAccountId, status, reasons[{rule, evidence, message, pointer}], receivedAt, completedAt, transactionCount}}. ' +
      'A rejected statement changes nothing (no transactions, no status, no balance) [APPLY].',
    settles: ['Q8', 'Q9'],
    evidence: ['P-STMT', 'BRUNO', 'APPLY'],
  }),
  'KC-06': contract({
    title: 'Error body and status codes',
    decision:
      'Every error is {errors:[{code, message, rule?, evidence?, policy?, pointer?}]}: 400 a request that breaks the spec (with the findings), 404 an unknown id, ' +
      '409 a state conflict (statement in flight, cancelled account, authorisation used or expired), 422 a documented rule or policy broken, 429 throttled with Retry-After in whole seconds.',
    settles: ['Q10', 'Q19'],
    evidence: ['APPLY', 'SETUP'],
  }),
  'KC-07': contract({
    title: 'Rate limiting',
    decision:
      'A sliding one-second window per x-api-key value (per client), default 10 requests: bursts of up to 10, never more than 10 in any second. Every request let through counts whatever its answer (401, 400, …); a throttled one does not. ' +
      'Retry-After is the whole number of seconds until a slot frees, at least 1.',
    settles: ['Q10'],
    evidence: ['APPLY', 'SETUP'],
  }),
  'KC-08': contract({
    title: 'Authorisation sessions',
    decision:
      'A session lives 20 minutes from its creation (configurable) and is consumed by its first PATCH; a second PATCH gets 409 authorisation-already-used, a late one 409 authorisation-expired ' +
      '(the spec documents 409 for both). PATCH answers 204. Only status "success" exists, so a session fails only by expiring; the poll then answers {account:null, success:false}.',
    settles: ['Q19'],
    evidence: ['SEC', 'P-AUTHZ'],
  }),
  'KC-09': contract({
    title: 'Account queries',
    decision: 'No match for bankId + externalId answers 404. When a reconnected account shares its externalId with a cancelled one, the newest account that is not cancelled wins.',
    settles: ['Q20'],
    evidence: ['P-AQ'],
  }),
  'KC-10': contract({
    title: 'Bank sync',
    decision:
      'POST /v1/banks answers 200 {data:{created, updated, removed}} with principalId, externalRef and name of each bank touched. The request is atomic: every problem is listed and nothing is applied. ' +
      'toCreate is idempotent per provider and externalRef (a re-run returns the same principalId with the fields updated). toUpdate is partial. callbackURLs must be absolute http(s) URLs; ' +
      'notification, auth and reAuth are required, availableAccounts too unless policy multi-account-linking is optional. A bank belongs to the client that created it.',
    settles: ['Q21'],
    evidence: ['SYNC', 'BRUNO'],
  }),
  'KC-11': contract({
    title: 'Balances',
    decision:
      'ledgerBalance is "the correctly signed ending balance": a statement with transactions must carry a numeric ledgerBalance; a status-only statement need not (the collection omits balances). ' +
      'When the account\'s previous completed statement had a ledgerBalance, the new ledgerBalance minus the previous one must equal the sum of the new transactions. ' +
      'The first statement cannot be checked: its opening balance is unknown.',
    settles: ['Q14'],
    evidence: ['APPLY', 'P-STMT', 'BRUNO'],
  }),
  'KC-12': contract({
    title: 'Status changes carried by statements',
    decision:
      'A statement\'s accountDetails.status is applied when it completes: authRequired moves a pending or active account to authRequired; active never lifts authRequired, only the re-authorisation PATCH does [F-REAUTH]. ' +
      'pending becomes active per policy account-activation.',
    settles: ['Q23', 'Q24'],
    evidence: ['U-REAUTH', 'F-REAUTH', 'F-POST'],
  }),
  'KC-13': contract({
    title: 'Scope of a re-authorisation',
    decision:
      'A successful re-authorisation PATCH moves back to active the session\'s account and every authRequired account linked under the same original authorisation (multi-account link).',
    settles: ['Q27'],
    evidence: ['CA-MAL', 'F-REAUTH'],
  }),
  'KC-14': contract({
    title: 'Consumer transaction ids and paging',
    decision:
      'Transaction ids come from one counter shared by every account, so each account\'s ids increase with gaps. startIndex is inclusive (the collection passes lastTransactionId + 1; 0 means from the start). ' +
      'Pages hold 100 transactions; bankTransactionList.endIndex is the id of the last transaction returned, total the account\'s count, next and last are URLs (null when there is none).',
    settles: ['§7'],
    evidence: ['CA-FETCH', 'BRUNO'],
  }),
  'KC-15': contract({
    title: 'The onboarding poll route',
    decision:
      'pollRoute is an absolute URL /api/v1/indirectlinkaccount/poll/{pollId} with a random pollId, single use; every 202 hands out a new one with pollPeriod 5000. ' +
      'The 200 result\'s account is the first account offered in the PATCH that the company has not connected yet (else the first); the kit extension `accounts` lists every offered account (T-ONB-4/5).',
    settles: ['T-ONB-4', 'T-ONB-5'],
    evidence: ['CA-ONB', 'BRUNO', 'P-AUTHZ'],
  }),
  'KC-16': contract({
    title: 'The Banking Service UI return (redirect_uri)',
    decision:
      'redirect_uri is {consumer origin}/ui/authorisations/{authorisationId}/return. Its landing records whether state arrived, matched, and in which form (query parameter or raw); it answers a small HTML page.',
    settles: ['Q7'],
    evidence: ['C-AUTH', 'C-REFRESH'],
  }),
  'KC-17': contract({
    title: 'Bank account uniqueness',
    decision:
      'bankIdentifier + accountIdentifier is unique among the company\'s accounts that are not cancelled, so a disconnected account can be connected again (T-ONB-3).',
    settles: ['T-ONB-3'],
    evidence: ['CA-CREATE', 'P-AUTHZ', 'TEST'],
  }),
  'KC-18': contract({
    title: 'Consumer request signature details',
    decision:
      'The signed route is the URL as the client addressed it (http://{Host}{path}) without the query, lower-cased. The body parameter is base64 of the raw body bytes (base64 of JSON.stringify of the parsed body is accepted too). ' +
      'Nonces are single use. POST /organisations is signed with the application\'s signing key; its 201 answer carries `token`, the organisation signing key that signs GET /accesstoken [BRUNO-JSON].',
    settles: ['D14'],
    evidence: ['BRUNO-JSON', 'CA-AUTHSVC', 'AUTHSVC'],
  }),
  'KC-19': contract({
    title: 'Consumer JWT',
    decision:
      'GET /accesstoken answers a JWT (HS256, a per-run key) valid 60 minutes, scoped to one organisation and company. A missing, expired or out-of-scope jwt, an unknown x-application or a bad signature or reused nonce answer 401.',
    settles: ['§3.4'],
    evidence: ['CA-AUTHSVC', 'BRUNO'],
  }),
  'KC-20': contract({
    title: 'Amount comparisons',
    decision: 'Sums and balances are compared to within 0.005 (half a minor unit of a two-decimal currency); zero amounts are allowed with either transactionType.',
    settles: ['Q16', 'Q18'],
    evidence: ['BRUNO', 'FX'],
  }),
  'KC-21': contract({
    title: 'requestedStartDate comparison',
    decision: 'A transaction breaks R13 when the UTC calendar date of its datePosted is before the UTC calendar date of the account\'s requestedStartDate.',
    settles: ['R13', 'Q17'],
    evidence: ['U-POST', 'C-NOTIF'],
  }),
  'KC-22': contract({
    title: 'Multi-account linking answers',
    decision:
      'availablebankaccounts needs the first listed account to be active (409 otherwise) [CA-MAL] and calls the connector with that account\'s externalId. The connector must answer 2xx with a bare JSON array of objects ' +
      'carrying externalId, bankIdentifier and accountIdentifier; anything else answers 502 naming what was wrong. Candidate ids are stable per company and bankIdentifier + accountIdentifier. ' +
      'Linking an already connected candidate answers 409. The bank-account-created notification of a linked account has the onboarding shape.',
    settles: ['Q6', 'Q26'],
    evidence: ['C-AVAIL', 'CA-MAL', 'F-MAL', 'BRUNO'],
  }),
  'KC-23': contract({
    title: 'Disconnecting twice',
    decision: 'DELETE of an account that is already cancelled answers 204 again and sends no second notification.',
    settles: ['Q5'],
    evidence: ['CA-OFF'],
  }),
  'KC-24': contract({
    title: 'Accounts the product may create',
    decision:
      'POST /bankaccounts creates only an account that a successful onboarding authorisation of the same company and bank offered (same bankIdentifier + accountIdentifier); otherwise 422. ' +
      'The externalId the connector later receives is that offered account\'s bankAccountExternalId, echoed verbatim.',
    settles: ['Q22'],
    evidence: ['P-AUTHZ', 'C-NOTIF'],
  }),
  'KC-25': contract({
    title: 'Statement order across statements',
    decision: 'Policy statement-order is checked within one statement only; a later statement may carry a transaction dated before the previous statement\'s newest one (late clearing).',
    settles: ['Q17'],
    evidence: ['APPLY', 'P-STMT'],
  }),
});

export type KitContractId = keyof typeof KIT_CONTRACTS;

export function isKitContractId(value: string): value is KitContractId {
  return Object.hasOwn(KIT_CONTRACTS, value);
}
