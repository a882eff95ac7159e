export { jsonBodyOf } from './body-of.ts';
export { errorReply, findingEntry, singleError, violationEntry } from './error-body.ts';
export type { ErrorEntry } from './error-body.ts';
export { ExchangeNotes } from './exchange-notes.ts';
export type { ExchangeNote } from './exchange-notes.ts';
