import type { IncomingMessage, ServerResponse } from 'node:http';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import type { BrokerVerifierOptions } from '../broker/index.ts';
import { usePactEnvironment } from '../pact-environment.ts';
import type { PactDocument } from './pact-file.ts';
import { outcomeOf, parseVerifierOutput, type VerifierInteractionOutcome } from './verifier-output.ts';

/** The request as Pact's verification proxy hands it to a request filter (an Express request). */
export interface ProxiedRequest extends IncomingMessage {
  /** The body as the proxy parsed it: an object for JSON and forms, a Buffer otherwise, undefined when empty. */
  body?: unknown;
}

/** Runs on every request the verifier sends to the provider, before it is passed on; must call `next()`. */
export type RequestFilter = (request: ProxiedRequest, response: ServerResponse, next: () => void) => void;

/** Sets up one provider state; the values it returns are what `fromProviderState('${name}')` injects. */
export type StateSetup = (params: Readonly<Record<string, unknown>>) => Promise<Record<string, unknown> | undefined>;

export interface KitStateHandler {
  readonly setup: StateSetup;
  readonly teardown?: () => Promise<void>;
}

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

/** The verifier could not run at all (bad arguments, a crash): the kit's failure, never the provider's. */
export class PactVerificationError extends Error {
  override readonly name = 'PactVerificationError';
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
}

/** Paths of Pact's own proxy (provider state changes, messages): a request filter must never touch them. */
const PACT_PROXY_PATHS = ['/_pactSetup', '/_messages'];

/** Applies the kit's filter to the requests meant for the provider only. */
function forProviderRequests(filter: RequestFilter): RequestFilter {
  return (request, response, next) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (PACT_PROXY_PATHS.some((own) => path === own || path.startsWith(`${own}/`))) {
      next();
      return;
    }
    filter(request, response, next);
  };
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Pact's verifier shares process-wide native state: two verifications at once would interleave their provider
 * states. Every verification in this process runs after the previous one has finished.
 */
function oneAtATime<Result>(work: () => Promise<Result>): Promise<Result> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

/**
 * Verifies one pact file with Pact's own verifier (the native core), then reads its per-interaction JSON report so
 * each interaction is reported on its own: the verification itself is a single promise that only says pass/fail.
 */
export function runPactVerification(options: RunPactVerificationOptions): Promise<PactVerificationRun> {
  usePactEnvironment();
  return oneAtATime(async () => {
    const stateProblems = new Map<string, string[]>();
    const stateHandlers = Object.fromEntries(
      Object.entries(options.stateHandlers).map(([name, handler]) => [
        name,
        {
          setup: async (params: unknown) => {
            try {
              return (await handler.setup((params ?? {}) as Record<string, unknown>)) ?? {};
            } catch (error) {
              // Pact's proxy would log and carry on with the example values; keep the reason for the report.
              stateProblems.set(name, [...(stateProblems.get(name) ?? []), (error as Error).message]);
              return {};
            }
          },
          teardown: async () => {
            await handler.teardown?.();
            return undefined;
          },
        },
      ]),
    );
    const verifier = new Verifier({
      providerBaseUrl: options.providerBaseUrl,
      ...(options.broker
        ? { ...options.broker, consumerVersionSelectors: [...options.broker.consumerVersionSelectors], providerVersionTags: [...(options.broker.providerVersionTags ?? [])] }
        : { provider: options.document.provider, pactUrls: [options.document.file] }),
      logLevel: options.logLevel ?? 'error',
      timeout: options.requestTimeoutMs ?? 10_000,
      // pact-js types its handlers as HTTP and message handlers at once; the {setup, teardown} object is its documented HTTP form.
      stateHandlers: stateHandlers as unknown as NonNullable<VerifierOptions['stateHandlers']>,
      ...(options.beforeEachInteraction ? { beforeEach: options.beforeEachInteraction } : {}),
      ...(options.requestFilter ? { requestFilter: forProviderRequests(options.requestFilter) as NonNullable<VerifierOptions['requestFilter']> } : {}),
    });
    let raw: string;
    try {
      raw = await verifier.verifyProvider();
    } catch (error) {
      raw = (error as Error).message;
    }
    const output = parseVerifierOutput(raw);
    if (!output) throw new PactVerificationError(`Pact's verifier could not verify ${options.document.file}: ${raw.split('\n')[0] ?? raw}`);
    const outcomes = options.document.interactions.map((interaction) => outcomeOf(output, interaction, options.document.interactions));
    return { document: options.document, outcomes, stateProblems, executionOrder: output.interactionResults.map((entry) => entry.description), passed: output.result && outcomes.every((outcome) => outcome.status === 'passed') };
  });
}
