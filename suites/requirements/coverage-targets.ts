import { STATEMENT_RULES, TEST_PLAN_ROWS } from '../../harness/reference/reference-anchors.ts';

/**
 * The rows of the reference a requirement set must account for: each is either named in some requirement's
 * `anchors` or listed in the set's `notCovered` with a reason.
 *
 * The reference numbers statement rules (R*) and test-plan rows (T-ONB-*) but not the rows of its §13.3 table
 * or the bullets of §13.4. They are cited here by position — `§13.3.4` is the fourth row of the §13.3 table,
 * `§13.4.7` the seventh bullet of §13.4 — which `isReferenceAnchor` accepts as a section anchor. The text kept
 * beside each lets a test confirm the numbering still matches the reference.
 */
export interface CollectionAssertion {
  readonly anchor: string;
  readonly flow: string;
  readonly request: string;
  readonly assertion: string;
}

export interface DerivedCheck {
  readonly anchor: string;
  /** The opening words of the bullet, as the reference writes them. */
  readonly opening: string;
}

const row = (index: number, flow: string, request: string, assertion: string): CollectionAssertion =>
  Object.freeze({ anchor: `§13.3.${index}`, flow, request, assertion });

/** §13.3, "Implicit checks in the Bruno collection", in table order. */
export const COLLECTION_ASSERTIONS: readonly CollectionAssertion[] = Object.freeze([
  row(1, 'Onboarding', 'GET /banks/{bankId}', '200'),
  row(2, 'Onboarding', 'GET {pollRoute}', '200 and success == true'),
  row(3, 'Onboarding', 'POST /bankaccounts', '201 and status == "pending"'),
  row(4, 'Onboarding', 'GET /bankaccounts/{id}', '200 and status == "active"'),
  row(5, 'Multi-account', 'GET /availablebankaccounts (twice)', '200; picks candidates with metadata.connected == false'),
  row(6, 'Multi-account', 'POST /linkavailablebankaccount (1 or 2)', '201'),
  row(7, 'Multi-account', 'GET /availablebankaccounts', '200; linked candidates now metadata.connected == true'),
  row(8, 'Posting', 'GET /transactions?startIndex=…', '200; body contains bankTransactionList'),
  row(9, 'Re-auth', 'GET /indirectauth?web=true', '302'),
  row(10, 'Re-auth', 'GET /bankaccounts/{id} after PATCH', 'status == "active"'),
  row(11, 'Offboarding', 'DELETE /bankaccounts/{id}', '204'),
  row(12, 'Offboarding', 'GET /bankaccounts/{id}', '200 and status == "cancelled"'),
]);

const bullet = (index: number, opening: string): DerivedCheck => Object.freeze({ anchor: `§13.4.${index}`, opening });

/** §13.4, "Candidate conformance checks derived from documented rules", in bullet order. */
export const DERIVED_CHECKS: readonly DerivedCheck[] = Object.freeze([
  bullet(1, 'Connector rejects `/auth` and `/authrefresh` whose `authorisation_id` does not match'),
  bullet(2, 'Connector validates the agreed custom header and the Sage ID token on `/notification`'),
  bullet(3, 'Connector redirects to `redirect_uri` with `state` appended on success'),
  bullet(4, '`PATCH /authorisations` (onboarding) lists all accessible accounts'),
  bullet(5, '`/availableaccounts` returns every account under the authorisation'),
  bullet(6, 'Provider stores `resource.id` from bank-account-created notifications'),
  bullet(7, 'Statements: unique `uniqueId`s; cleared only; one AccountDetail'),
  bullet(8, 'Provider backs off on 429; reuses tokens; refreshes on 401'),
  bullet(9, 'Provider sets `authRequired` via a 0-transaction statement when consent lapses'),
  bullet(10, 'Provider cleans up on `resourceDeleted` and stops posting for that account'),
]);

/** Every anchor a requirement set must cover or explain, in reference order. */
export const COVERAGE_TARGETS: readonly string[] = Object.freeze([
  ...STATEMENT_RULES,
  ...TEST_PLAN_ROWS,
  ...COLLECTION_ASSERTIONS.map((assertion) => assertion.anchor),
  ...DERIVED_CHECKS.map((check) => check.anchor),
]);

const NUMBERED_ROW = /^§13\.[34]\.\d+$/;
const KNOWN_NUMBERED_ROWS = new Set([...COLLECTION_ASSERTIONS, ...DERIVED_CHECKS].map((entry) => entry.anchor));

/**
 * `isReferenceAnchor` accepts any section number; a numbered row of §13.3 or §13.4 must also exist, so that
 * `§13.4.11` is a loading error rather than an anchor pointing at nothing.
 */
export function isUnknownNumberedRow(anchor: string): boolean {
  return NUMBERED_ROW.test(anchor) && !KNOWN_NUMBERED_ROWS.has(anchor);
}
