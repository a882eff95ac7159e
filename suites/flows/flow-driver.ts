import type { AuthDriver } from '../../harness/auth-driver/index.ts';
import type { BankingServiceSimulator } from '../../harness/banking-service/simulator.ts';
import type { ResolvedConfig } from '../../harness/config/index.ts';
import type { ProductClient } from '../../harness/product/index.ts';
import type { Flow as FlowId } from '../requirements/index.ts';
import type { HookCaller } from './hook-caller.ts';
import type { RunWorld } from './run-world.ts';

export interface StepHandle {
  /** Ids the step produced or used; recorded with the step for the checks. */
  note(key: string, value: string): void;
}

export interface FlowContext {
  readonly flow: FlowId;
  readonly simulator: BankingServiceSimulator;
  readonly product: ProductClient;
  readonly config: ResolvedConfig;
  readonly authDriver: AuthDriver;
  readonly hooks: HookCaller;
  /** What earlier flows established (the bank, the organisation, onboarded accounts). */
  readonly world: RunWorld;
  /**
   * Runs one step and records it. A CandidateFailure or a wait that timed out on the candidate marks the step
   * candidate-failed; any other exception marks it kit-error. Returns undefined when the step did not succeed.
   */
  step<T>(name: string, action: (handle: StepHandle) => Promise<T>): Promise<T | undefined>;
  /** Records a step that was not attempted, with the reason (a failed precondition, an undeclared capability). */
  skip(name: string, reason: string): void;
  /** Live progress for the person watching the run. */
  progress(line: string): void;
}

/** One flow's driver: plays the Sage product (and the user) through the flow, producing evidence. */
export interface FlowDriver {
  readonly id: FlowId;
  readonly title: string;
  run(context: FlowContext): Promise<void>;
}
