/**
 * The provider states of the Banking Service → connector pact. The verification harness sets each one up by
 * driving the simulated Banking Service (a black-box connector needs no state endpoint); the values each returns
 * are what the pact injects with `${name}`.
 */
export const CONNECTOR_STATES = Object.freeze({
  /** Injects bankId and a fresh authorisationId. */
  bankRegistered: 'the connector has registered its bank',
  /** Injects bankId, externalId, requestedStartDate and a fresh bankAccountId: the account is offered, not yet created. */
  accountOffered: "an onboarding offered one of the connector's accounts",
  /** Injects bankId, externalId, bankAccountId, requestedStartDate and a fresh authorisationId. */
  accountLinked: "one of the connector's accounts is linked to a bank account",
  /** Injects bankId, authorisationId, redirectUri and state: the simulator announced the session first. */
  authorisationAnnounced: 'an onboarding authorisation was announced to the connector',
  /** Injects bankAccount, externalId, authorisationId, redirectUri and state. */
  reauthorisationAnnounced: 'a re-authorisation was announced to the connector',
  /** The next notification carries the provider header with a value the connector never agreed. */
  wrongProviderHeader: 'the provider header of the notification does not carry the agreed value',
  /** The next notification carries a Sage ID token signed by a key outside the Sage ID key set. */
  foreignToken: 'the Sage ID token of the notification is signed by a key outside the Sage ID key set',
});

export type ConnectorStateName = (typeof CONNECTOR_STATES)[keyof typeof CONNECTOR_STATES];
