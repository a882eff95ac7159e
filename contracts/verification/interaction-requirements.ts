/**
 * Which requirements of the frozen set (suites/requirements/sets/1.0.json) each Pact interaction evidences. The
 * set is not edited: interactions are reported as their own results, keyed by description, and carry these ids so
 * a report can show them beside the requirement verdicts. Only ids the interaction evidences on its own are
 * listed (an interaction that is one step of a requirement's flow does not claim the requirement).
 */
export interface InteractionEntry {
  readonly description: string;
  readonly requirementIds: readonly string[];
}

const entry = (description: string, requirementIds: readonly string[]): InteractionEntry => Object.freeze({ description, requirementIds: Object.freeze([...requirementIds]) });

/** Banking Service (consumer) → connector (provider). */
export const WEBHOOK_INTERACTIONS = Object.freeze({
  onboardingAuthorisation: entry('an authorisation notification announcing an onboarding session', ['ONB-11', 'SPEC-01']),
  reauthorisationAuthorisation: entry('an authorisation notification announcing a re-authorisation session', ['ONB-11', 'SPEC-01']),
  bankAccountCreated: entry('a bank account created notification', ['ONB-13', 'SPEC-01']),
  bankAccountDeleted: entry('a bank account deleted notification', ['OFF-01', 'SPEC-01']),
  wrongProviderHeader: entry('a notification whose provider header has the wrong value', ['SEC-01']),
  foreignToken: entry('a notification whose Sage ID token is signed by a key outside the Sage ID key set', ['SEC-02']),
  authPage: entry('the onboarding page for an announced authorisation', ['SPEC-02']),
  authRefreshPage: entry('the re-authorisation page for an announced re-authorisation', ['SPEC-02']),
  availableAccounts: entry("the accounts under a linked account's authorisation", ['SPEC-03', 'MAL-01']),
});

/** Reference connector (consumer) → Banking Service (provider). */
export const PROVIDER_API_INTERACTIONS = Object.freeze({
  token: entry('a Sage ID token request with the client credentials', ['SPEC-08']),
  bankSync: entry("bank sync creating the connector's bank", ['SPEC-04']),
  onboardingPatch: entry('an onboarding PATCH listing every account the user granted', ['SPEC-05']),
  reauthorisationPatch: entry('a re-authorisation PATCH without accounts', ['SPEC-05', 'REAUTH-03']),
  transactionStatement: entry('a statement with cleared transactions', ['SPEC-06', 'STMT-08', 'STMT-09']),
  authRequiredStatement: entry('a status-only authRequired statement', ['SPEC-06']),
});

const BY_DESCRIPTION: ReadonlyMap<string, readonly string[]> = new Map(
  [...Object.values(WEBHOOK_INTERACTIONS), ...Object.values(PROVIDER_API_INTERACTIONS)].map((known) => [known.description, known.requirementIds]),
);

/** The ids for one of the kit's own interactions; undefined for a description the kit did not write. */
export function requirementIdsOfKitInteraction(description: string): readonly string[] | undefined {
  return BY_DESCRIPTION.get(description);
}

/**
 * A provider's own pact names its interactions as it likes, so its requests are mapped by operation instead:
 * which spec-conformance requirement the request evidences.
 */
export function requirementIdsOfProviderApiRequest(method: string, path: string): readonly string[] {
  const pathname = path.split('?')[0] ?? '';
  const verb = method.toUpperCase();
  if (verb === 'POST' && /^\/oauth\/token\/?$/.test(pathname)) return ['SPEC-08'];
  if (verb === 'POST' && /^\/v1\/banks\/?$/.test(pathname)) return ['SPEC-04'];
  if (verb === 'PATCH' && /^\/v1\/authorisations\/[^/]+\/?$/.test(pathname)) return ['SPEC-05'];
  if (verb === 'POST' && /^\/v1\/statements\/?$/.test(pathname)) return ['SPEC-06'];
  return ['SPEC-07'];
}
