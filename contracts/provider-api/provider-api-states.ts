/**
 * The provider states of a connector → Banking Service pact that the kit can set up in the simulated Banking
 * Service. A provider's own pact may use these names; the values each returns are what `${name}` injects.
 */
export const BANKING_SERVICE_STATES = Object.freeze({
  /** Nothing to inject: the run's provider is a registered Sage ID client (the kit puts its real credentials in the request). */
  clientRegistered: 'the provider is registered with Sage ID',
  /** Nothing to inject: the run's provider may call the Provider API. */
  providerRegistered: 'the provider is registered with Banking Service',
  /** Injects authorisationId and bankId: a product opened an onboarding session with the provider's bank. */
  onboardingAnnounced: "an onboarding authorisation was announced for the provider's bank",
  /** Injects authorisationId, bankAccountId and bankId: a product opened a re-authorisation session for a linked account. */
  reauthorisationAnnounced: 'a re-authorisation was announced for a linked bank account',
  /** Injects bankAccountId, bankId and requestedStartDate: an onboarded bank account the provider posts statements for. */
  accountLinked: "a bank account of the provider's bank is linked",
});

export const KNOWN_BANKING_SERVICE_STATES: readonly string[] = Object.freeze(Object.values(BANKING_SERVICE_STATES));
