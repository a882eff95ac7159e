import type { BrokerVerifierOptions } from '../broker/index.ts';
import { usePactEnvironment } from '../pact-environment.ts';
import type { PactDocument } from './pact-file.ts';
import type { RequestFilter } from './provider-request.ts';
import { outcomeOf, parseVerifierOutput, type VerifierInteractionOutcome } from './verifier-output.ts';
import { PactVerificationError, runVerifierProcess, type CoreVerifierOptions } from './verifier-process.ts';
import { startVerifierServer, type KitStateHandler } from './verifier-server.ts';

export type { ProviderRequest, RequestFilter } from './provider-request.ts';
export type { KitStateHandler, StateSetup } from './verifier-server.ts';
export { PactVerificationError } from './verifier-process.ts';

export interface PactVerificationRun {
  readonly document: PactDocument;
  /** Per interaction of the document, in its order. */
  readonly outcomes: readonly VerifierInteractionOutcome[];
  /** Provider states the handlers could not set up, by state name: the error messages. */
  readonly stateProblems: ReadonlyMap<string, readonly string[]>;
  /** Interaction descriptions in the order the verifier ran them: the n-th request the provider saw belongs to the n-th. */
  readonly executionOrder: readonly string[];
  readonly passed: boolean;
}

export interface RunPactVerificationOptions {
  readonly document: PactDocument;
  readonly providerBaseUrl: string;
  readonly stateHandlers: Readonly<Record<string, KitStateHandler>>;
  readonly requestFilter?: RequestFilter;
  /** Per request to the provider. Default 10 s. */
  readonly requestTimeoutMs?: number;
  readonly logLevel?: 'error' | 'warn' | 'info' | 'debug';
  /**
   * Take the pacts from a Pact Broker instead of `document.file` and publish the results there with the candidate's
   * version; `document` then only names the interactions to report on.
   */
  readonly broker?: BrokerVerifierOptions;
  /** Runs before the first provider state of every interaction (e.g. to reset a per-interaction signing mode). */
  readonly beforeEachInteraction?: () => Promise<void>;
  /** Keeps the verifier's own output (Pact's report, the core's log) in this file; without it, it is discarded. */
  readonly logFile?: string;
  /** Applied to each line of the verifier's output before it is kept, and to an error quoting it. */
  readonly redact?: (text: string) => string;
  /** Stops the verification at once: the verifier process is killed and nothing more reaches the provider. */
  readonly signal?: AbortSignal;
  /** The whole verification's limit. Default: a start-up allowance plus the request timeout for every call the verifier can make. */
  readonly deadlineMs?: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** The verifier waits this much longer than the kit waits for the provider, so the kit's 504 naming the silence reaches it. */
const FORWARDING_ALLOWANCE_MS = 2_000;
/** Starting Node and Pact's core, and reading the pact (or fetching it from a broker). */
const START_UP_ALLOWANCE_MS = 30_000;

/** Every call the verifier can make is bounded by its timeout: per interaction a setup and a teardown per state, and the request. */
function defaultDeadline(document: PactDocument, verifierTimeoutMs: number): number {
  const calls = document.interactions.reduce((sum, interaction) => sum + 1 + 2 * interaction.providerStates.length, 0);
  return START_UP_ALLOWANCE_MS + Math.max(calls, 1) * verifierTimeoutMs;
}

function sourceOptions(options: RunPactVerificationOptions): Partial<CoreVerifierOptions> {
  const { broker, document } = options;
  if (!broker) return { provider: document.provider, pactUrls: [document.file] };
  return {
    ...broker,
    consumerVersionSelectors: broker.consumerVersionSelectors.map((selector) => ({ ...selector })),
    ...(broker.providerVersionTags ? { providerVersionTags: [...broker.providerVersionTags] } : {}),
  };
}

/**
 * Verifies one pact file with Pact's own verifier (the native core), run in a child process against a loopback
 * server of the kit's (verifier-server.ts: the kit's provider states and request filter, then the real provider),
 * then reads its per-interaction JSON report so each interaction is reported on its own.
 */
export async function runPactVerification(options: RunPactVerificationOptions): Promise<PactVerificationRun> {
  usePactEnvironment();
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const verifierTimeoutMs = requestTimeoutMs + FORWARDING_ALLOWANCE_MS;
  const stop = new AbortController();
  const interrupted = (): void => stop.abort(new Error('the verification was interrupted'));
  if (options.signal?.aborted) interrupted();
  else options.signal?.addEventListener('abort', interrupted, { once: true });
  const server = await startVerifierServer({
    providerBaseUrl: options.providerBaseUrl,
    stateHandlers: options.stateHandlers,
    requestTimeoutMs,
    onKitFailure: (message) => stop.abort(new Error(message)),
    ...(options.requestFilter ? { requestFilter: options.requestFilter } : {}),
    ...(options.beforeEachInteraction ? { beforeEachInteraction: options.beforeEachInteraction } : {}),
  });
  stop.signal.addEventListener('abort', () => void server.close(), { once: true });
  try {
    const raw = await runVerifierProcess({
      verifier: {
        ...sourceOptions(options),
        providerBaseUrl: server.url,
        providerStatesSetupUrl: server.providerStatesUrl,
        timeout: verifierTimeoutMs,
        logLevel: options.logLevel ?? 'error',
      },
      deadlineMs: options.deadlineMs ?? defaultDeadline(options.document, verifierTimeoutMs),
      stop: stop.signal,
      ...(options.logFile ? { logFile: options.logFile } : {}),
      ...(options.redact ? { redact: options.redact } : {}),
    });
    const output = parseVerifierOutput(raw);
    if (!output) {
      const said = raw.split('\n')[0] ?? raw;
      throw new PactVerificationError(`Pact's verifier could not verify ${options.document.file}: ${options.redact ? options.redact(said) : said}`);
    }
    const outcomes = options.document.interactions.map((interaction) => outcomeOf(output, interaction, options.document.interactions));
    return {
      document: options.document,
      outcomes,
      stateProblems: server.stateProblems,
      executionOrder: output.interactionResults.map((entry) => entry.description),
      passed: output.result && outcomes.every((outcome) => outcome.status === 'passed'),
    };
  } finally {
    options.signal?.removeEventListener('abort', interrupted);
    await server.close();
  }
}
