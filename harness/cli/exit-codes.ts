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
  interrupted: 130,
});

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A problem with what the user asked for: a flag, a config file, a path. Exit 2, one line. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
