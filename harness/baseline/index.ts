export { applyBaseline, BaselineError, readBaseline } from './baseline.ts';
export type { Baseline, BaselineOutcome, KnownFailure, VerdictStatusForBaseline } from './baseline.ts';
