import { firstLineOf } from './launcher.ts';

/**
 * Everything the kit started that must not outlive it: containers, process groups, images it built, temporary
 * folders. With no reaper container available (its image cannot be pulled here), this registry is the only
 * thing between an interrupted run and leftovers on the provider's machine or CI runner.
 */
export interface CleanupRegistration {
  /** Runs the cleanup now, once; later calls, and cleanupAll, share the same promise. */
  run(): Promise<void>;
  /** Forgets the entry without running it: the resource went away by other means. */
  release(): void;
}

export interface CleanupOptions {
  /**
   * A synchronous last resort for when the process exits without the cleanup having run (an uncaught
   * exception, an explicit process.exit): only synchronous work can happen then, e.g. SIGKILL to a group.
   */
  readonly onProcessExit?: () => void;
}

export interface CleanupReport {
  readonly cleaned: readonly string[];
  readonly failed: ReadonlyArray<{ readonly label: string; readonly message: string }>;
  /** Entries still running when the timeout struck. */
  readonly unfinished: readonly string[];
}

export interface CleanupRegistry {
  register(label: string, cleanup: () => Promise<void> | void, options?: CleanupOptions): CleanupRegistration;
  /** Runs every pending cleanup concurrently, within a timeout; never throws; calling it again runs only newer entries. */
  cleanupAll(options?: { readonly timeoutMs?: number }): Promise<CleanupReport>;
  /** Labels of entries not cleaned up yet. */
  pending(): readonly string[];
}

interface Entry {
  readonly label: string;
  readonly cleanup: () => Promise<void> | void;
  readonly onProcessExit: (() => void) | undefined;
  running: Promise<void> | undefined;
}

type Outcome = { readonly label: string; state: 'running' | 'done' | 'failed'; message: string };

export const DEFAULT_CLEANUP_TIMEOUT_MS = 30_000;

export function createCleanupRegistry(): CleanupRegistry {
  const entries = new Set<Entry>();
  let exitHookInstalled = false;

  const runEntry = (entry: Entry): Promise<void> => {
    // Always asynchronous, even for a cleanup that returns or throws at once: a concurrent cleanupAll then
    // still sees the entry and waits for it, and reports it the same way.
    entry.running ??= Promise.resolve()
      .then(() => entry.cleanup())
      .finally(() => entries.delete(entry));
    return entry.running;
  };

  const runExitFallbacks = (): void => {
    for (const entry of entries) {
      try {
        entry.onProcessExit?.();
      } catch {
        // The process is exiting; there is no one left to tell.
      }
    }
  };

  return {
    register(label, cleanup, options = {}) {
      const entry: Entry = { label, cleanup, onProcessExit: options.onProcessExit, running: undefined };
      entries.add(entry);
      if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.on('exit', runExitFallbacks);
      }
      return { run: () => runEntry(entry), release: () => void entries.delete(entry) };
    },

    async cleanupAll({ timeoutMs = DEFAULT_CLEANUP_TIMEOUT_MS } = {}) {
      const outcomes: Outcome[] = [];
      const work = [...entries].map((entry) => {
        const outcome: Outcome = { label: entry.label, state: 'running', message: '' };
        outcomes.push(outcome);
        return runEntry(entry).then(
          () => void (outcome.state = 'done'),
          (error: unknown) => {
            outcome.state = 'failed';
            outcome.message = firstLineOf(error);
          },
        );
      });
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([Promise.all(work), deadline]);
      clearTimeout(timer);
      return {
        cleaned: outcomes.filter((outcome) => outcome.state === 'done').map((outcome) => outcome.label),
        failed: outcomes.filter((outcome) => outcome.state === 'failed').map(({ label, message }) => ({ label, message })),
        unfinished: outcomes.filter((outcome) => outcome.state === 'running').map((outcome) => outcome.label),
      };
    },

    pending: () => [...entries].map((entry) => entry.label),
  };
}

/** The process-wide registry every launcher uses. */
export const cleanupRegistry: CleanupRegistry = createCleanupRegistry();

/** Registers with the process-wide registry and makes sure Ctrl-C and SIGTERM run it. */
export function registerCleanup(label: string, cleanup: () => Promise<void> | void, options?: CleanupOptions): CleanupRegistration {
  installSignalHandlers();
  return cleanupRegistry.register(label, cleanup, options);
}

export function cleanupAll(options?: { readonly timeoutMs?: number }): Promise<CleanupReport> {
  return cleanupRegistry.cleanupAll(options);
}

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
let signalHandlersInstalled = false;

/**
 * On SIGINT or SIGTERM: clean up everything, then exit with 128 + the signal number (130, 143) as a shell
 * would. A candidate runs in its own process group (or a container), so the terminal's Ctrl-C never reaches
 * it; without this it would outlive the kit. A second signal while cleaning up exits at once; the exit hook
 * still SIGKILLs process groups on the way out.
 */
export function installSignalHandlers(): void {
  if (signalHandlersInstalled) return;
  signalHandlersInstalled = true;
  let cleaning = false;
  const onSignal = (signal: keyof typeof EXIT_CODES): void => {
    const code = EXIT_CODES[signal];
    if (cleaning) {
      process.stderr.write(`bsck: ${signal} again: exiting without waiting for cleanup to finish\n`);
      process.exit(code);
    }
    cleaning = true;
    const pending = cleanupRegistry.pending();
    if (pending.length > 0) process.stderr.write(`bsck: ${signal} received: stopping ${pending.join(', ')}\n`);
    void cleanupAll().then((report) => {
      for (const failure of report.failed) process.stderr.write(`bsck: cleanup of ${failure.label} failed: ${failure.message}\n`);
      for (const label of report.unfinished) process.stderr.write(`bsck: cleanup of ${label} did not finish in time\n`);
      process.exit(code);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
