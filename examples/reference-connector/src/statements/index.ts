export { AccountQueue } from './account-queue.ts';
export { planBatches, selectUnsent, TWO_WEEKS_MS, type BatchLimits } from './batcher.ts';
export { buildStatusStatement, buildTransactionStatement, expectedTotals, toTransactionDetail } from './statement-builder.ts';
export { StatementPoster, isDuplicateRejection, isInFlightRejection, type StatementOutcome } from './statement-poster.ts';
export { StatementPusher, type PushReport, type StatementRecord } from './statement-pusher.ts';
export type { StatementRequest, StatementTransactionDetail } from './statement-types.ts';
