import type { BankAccount } from '../state/index.ts';

/**
 * The notification variants of reference §8, the only shapes Banking Service sends to /notification [C-NOTIF]
 * [F-OFF] [BRUNO]. resource.url is "NA" in every variant: the samples disagree ("NA", "", a URL, D13) and a URL
 * the connector might call would invent an API.
 */
export interface NotificationPayload {
  readonly type: 'resourceCreated' | 'resourceDeleted';
  readonly resource: { readonly id: string; readonly type: 'authorisation' | 'bankAccount'; readonly url: string };
  readonly additionalData: Readonly<Record<string, string>>;
}

const NO_URL = 'NA';

/** Sent before GET /auth and GET /authrefresh; resource.id is the authorisation_id the connector must compare [SEC]. */
export function authorisationCreated(authorisationId: string, bankId: string): NotificationPayload {
  return { type: 'resourceCreated', resource: { id: authorisationId, type: 'authorisation', url: NO_URL }, additionalData: { bankId } };
}

/**
 * After the product creates (or links, Q26) an account: resource.id is the bankAccountId the provider must store
 * for its statements [C-NOTIF]; externalId is echoed verbatim from the PATCH [KC-24].
 */
export function bankAccountCreated(account: Pick<BankAccount, 'id' | 'externalId' | 'requestedStartDate' | 'bankId'>): NotificationPayload {
  return {
    type: 'resourceCreated',
    resource: { id: account.id, type: 'bankAccount', url: NO_URL },
    additionalData: { externalId: account.externalId, requestedStartDate: account.requestedStartDate, bankId: account.bankId },
  };
}

/** After the product disconnects an account; it is already cancelled [F-OFF] [G-DISC]. */
export function bankAccountDeleted(account: Pick<BankAccount, 'id' | 'externalId' | 'bankId'>): NotificationPayload {
  return { type: 'resourceDeleted', resource: { id: account.id, type: 'bankAccount', url: NO_URL }, additionalData: { externalId: account.externalId, bankId: account.bankId } };
}
