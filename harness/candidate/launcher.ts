/** How a candidate process or container ended: an exit code, a signal, or a failure to start at all. */
export interface CandidateExit {
  readonly code: number | null;
  readonly signal: string | null;
  /** Set when the candidate never ran, e.g. `spawn ./connector ENOENT`. */
  readonly error?: string;
}

/** The image a container candidate ran, as the submission manifest records it. */
export interface CandidateImage {
  /** The name the config gave, or the tag the launcher built. */
  readonly name: string;
  /** The content-addressed image id (`sha256:…`): identical bytes, identical id. */
  readonly id: string;
  /** Registry digests (`repo@sha256:…`); empty for an image that was never pushed or pulled. */
  readonly repoDigests: readonly string[];
  /** Built by the launcher from a Dockerfile folder (and removed again on stop). */
  readonly built: boolean;
}

export interface RunningCandidate {
  readonly kind: 'container' | 'process' | 'url';
  /** Where the kit reaches the candidate, without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly baseUrl: string;
  /** For the manifest: the image and its digest, the command, or the URL. Secrets redacted. */
  readonly description: string;
  readonly image?: CandidateImage;
  /** Milliseconds from `start()` to the first HTTP answer. */
  readonly readyAfterMs: number;
  /** Captured stdout and stderr, bounded, secrets redacted; empty for a URL candidate. */
  logs(): string;
  /** Settles when the candidate process or container ends; undefined when the kit did not start it. */
  readonly exited: Promise<CandidateExit> | undefined;
  /** Stops it and removes everything the launcher created; safe to call more than once. */
  stop(): Promise<void>;
}

/** How long a candidate gets to stop after SIGTERM before SIGKILL, when the config does not say. */
export const DEFAULT_STOP_GRACE_MS = 5_000;

export interface CandidateLauncher {
  start(): Promise<RunningCandidate>;
}

/**
 * A candidate that could not be started or never became ready. The message is one line a provider can act
 * on; the candidate's own (redacted) output travels separately, for the report.
 */
export class LaunchError extends Error {
  override readonly name = 'LaunchError';
  constructor(
    message: string,
    readonly candidateLogs = '',
  ) {
    super(message.replace(/\s*\n\s*/g, ' ').trim());
  }
}

/** The first line of an error's message: engine and spawn errors can run to pages. */
export function firstLineOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n').find((line) => line.trim() !== '') ?? text).trim();
}
