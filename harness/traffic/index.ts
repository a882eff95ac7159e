export type { ExchangeRecord, Party, RecordedFinding, RecordedMessage } from './exchange-record.ts';
export { createRedactor } from './redactor.ts';
export type { Redactor } from './redactor.ts';
export { TrafficLog, WaitTimeoutError } from './traffic-log.ts';
export type { CaptureInput, TrafficLogOptions } from './traffic-log.ts';
