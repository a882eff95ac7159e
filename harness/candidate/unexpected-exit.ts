import type { RunningCandidate } from './launcher.ts';
import { formatExit } from './wait-until-ready.ts';

const MAX_QUOTED_CHARS = 300;

export interface ExitWatch {
  /** The one-line description of an exit the kit did not ask for, once there was one. */
  readonly message: () => string | undefined;
  /** Settles with that description when the candidate ends on its own; never when it is disarmed first. */
  readonly ended: Promise<string>;
  /** The kit is about to stop the candidate itself: an exit from now on is expected, not the candidate's failure. */
  disarm(): void;
}

/**
 * Watches a started candidate for an exit during the run (a crash in the middle of a flow). Without it the run
 * would only see refused connections and timed-out waits, and every verdict would say so instead of naming the
 * exit. A URL candidate, which the kit did not start, is never seen to exit.
 */
export function watchForUnexpectedExit(candidate: RunningCandidate, onExit: (message: string) => void = () => {}): ExitWatch {
  let armed = true;
  let message: string | undefined;
  let announce: (message: string) => void = () => {};
  const ended = new Promise<string>((resolve) => {
    announce = resolve;
  });
  void candidate.exited?.then((exit) => {
    if (!armed) return;
    armed = false;
    const quoted = telltaleLine(candidate.logs());
    message = `the candidate ${candidate.kind} exited with ${formatExit(exit)} while the kit was still driving it${quoted === undefined ? ' (it printed nothing)' : `: ${quoted}`}`;
    onExit(message);
    announce(message);
  });
  return {
    message: () => message,
    ended,
    disarm() {
      armed = false;
    },
  };
}

/**
 * The line of a crashed program's output that says why: the last `SomethingError: …` (Node prints the stack,
 * then its own version, after it), else the last line that mentions a fatal error or panic, else the last line.
 */
export function telltaleLine(logs: string): string | undefined {
  const lines = logs.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const pick =
    findLast(lines, (line) => /^(?:Uncaught )?[A-Z]\w*(?:Error|Exception)\b.*:/.test(line))
    ?? findLast(lines, (line) => /\b(?:fatal|panic|error)\b/i.test(line))
    ?? lines[lines.length - 1];
  return pick === undefined || pick.length <= MAX_QUOTED_CHARS ? pick : `${pick.slice(0, MAX_QUOTED_CHARS)}…`;
}

function findLast(lines: readonly string[], predicate: (line: string) => boolean): string | undefined {
  for (let index = lines.length - 1; index >= 0; index -= 1) if (predicate(lines[index] as string)) return lines[index];
  return undefined;
}
