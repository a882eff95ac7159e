/** The CLI's exit codes: CI pipelines gate on these, so they never change meaning. */
export const EXIT = Object.freeze({
  conformant: 0,
  nonConformant: 1,
  usage: 2,
  kitFailure: 3,
  /** review only: a bundle whose digests, signature or verdicts do not hold. */
  tampered: 4,
  /** review only: a bundle that is sound but did not judge every requirement. */
  incomplete: 5,
  /** Ctrl-C (SIGINT): 128 + 2, as a shell reports a command SIGINT ended. */
  interrupted: 130,
  /** SIGTERM (a CI job cancelled, `docker stop`, `kill`): 128 + 15, so a pipeline tells a cancellation from a Ctrl-C. */
  terminated: 143,
});

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code of a run a signal stopped: it says which signal, whatever the run managed to write. */
export const exitCodeForSignal = (signal: 'SIGINT' | 'SIGTERM'): ExitCode => (signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted);

/** A problem with what the user asked for: a flag, a config file, a path. Exit 2, one line. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
