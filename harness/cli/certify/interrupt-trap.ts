import { cleanupAll, installSignalHandlers } from '../../candidate/index.ts';
import { exitCodeForSignal } from '../exit-codes.ts';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type TrappedSignal = (typeof SIGNALS)[number];

export interface InterruptTrap {
  /** Aborted on the first SIGINT/SIGTERM: the run stops its candidate and simulator and ends incomplete. */
  readonly signal: AbortSignal;
  /** Which signal arrived first, if any. */
  readonly received: () => TrappedSignal | undefined;
  /** Removes this trap and gives the signals back to whoever had them. */
  release(): void;
}

export interface InterruptTrapOptions {
  readonly err: (line: string) => void;
  /** How the second signal ends the process; a test replaces it. */
  readonly exit?: (code: number) => void;
  readonly cleanupTimeoutMs?: number;
}

/**
 * Ctrl-C (or SIGTERM) during `certify`: the first one aborts the run (the candidate and the simulator stop, the
 * reports are still written, marked incomplete, and the command exits 130 for SIGINT, 143 for SIGTERM); a second
 * one runs every pending cleanup and exits at once, with the code of the first.
 *
 * The candidate registry's own handlers (harness/candidate installSignalHandlers) clean up and exit on the first
 * signal, which would leave no reports. They are installed here first, so no launcher installs them while the
 * trap holds; then every SIGINT/SIGTERM listener is taken off for as long as the trap holds and put back on
 * release. The registry's exit hook still SIGKILLs process groups if the process ends some other way.
 */
export function trapInterrupts(options: InterruptTrapOptions): InterruptTrap {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const controller = new AbortController();
  const displaced = new Map<TrappedSignal, ((...args: unknown[]) => void)[]>();
  installSignalHandlers();
  for (const name of SIGNALS) {
    const listeners = process.listeners(name) as ((...args: unknown[]) => void)[];
    for (const listener of listeners) process.off(name, listener);
    displaced.set(name, listeners);
  }

  let first: TrappedSignal | undefined;
  const onSignal = (name: TrappedSignal): void => {
    if (first === undefined) {
      first = name;
      options.err(`bsck: ${name} received: stopping the run; the reports will still be written (press Ctrl-C again to exit at once)`);
      controller.abort();
      return;
    }
    options.err(`bsck: ${name} again: stopping what is left and exiting`);
    void cleanupAll({ timeoutMs: options.cleanupTimeoutMs ?? 10_000 }).then((report) => {
      for (const failure of report.failed) options.err(`bsck: cleanup of ${failure.label} failed: ${failure.message}`);
      for (const label of report.unfinished) options.err(`bsck: cleanup of ${label} did not finish in time`);
      exit(exitCodeForSignal(first ?? name));
    });
  };
  const handlers = new Map(SIGNALS.map((name) => [name, () => onSignal(name)]));
  for (const [name, handler] of handlers) process.on(name, handler);

  return {
    signal: controller.signal,
    received: () => first,
    release() {
      for (const [name, handler] of handlers) process.off(name, handler);
      for (const [name, listeners] of displaced) for (const listener of listeners) process.on(name, listener);
      displaced.clear();
    },
  };
}
