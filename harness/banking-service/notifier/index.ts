export { readAvailableAccounts } from './available-accounts-answer.ts';
export type { AvailableAccount, AvailableAccountsAnswer } from './available-accounts-answer.ts';
export { authorisationCreated, bankAccountCreated, bankAccountDeleted } from './notification-payloads.ts';
export type { NotificationPayload } from './notification-payloads.ts';
export { BANKING_SERVICE_CLIENT_ID, Notifier } from './notifier.ts';
export type { AvailableAccountsResult, NotifierOptions, TokenIssuer } from './notifier.ts';
