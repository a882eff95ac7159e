export { FAULT_KINDS, MAX_DELAY_MS, appliesRequest, checkFault, describeFault } from './fault.ts';
export type { Fault, FaultKind } from './fault.ts';
export { FaultSchedule } from './fault-schedule.ts';
export type { DueFault, ScheduledFault } from './fault-schedule.ts';
