import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { BodyTooLargeError, listenOnLoopback, readBody } from '../../harness/http/index.ts';
import { forwardToProvider } from './forward-request.ts';
import type { ProviderRequest, RequestFilter } from './provider-request.ts';

/** Sets up one provider state; the values it returns are what `fromProviderState('${name}')` injects. */
export type StateSetup = (params: Readonly<Record<string, unknown>>) => Promise<Record<string, unknown> | undefined>;

export interface KitStateHandler {
  readonly setup: StateSetup;
  readonly teardown?: () => Promise<void>;
}

/** Where the verifier posts its provider state changes; no pact's provider path starts like this. */
export const PROVIDER_STATES_PATH = '/_bsck-verifier/provider-states';

/** A pact's example bodies are small; anything near this is not a request the kit should buffer. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface VerifierServerOptions {
  /** The provider the verifier's requests go to (the candidate, the simulator's gateway). */
  readonly providerBaseUrl: string;
  readonly stateHandlers: Readonly<Record<string, KitStateHandler>>;
  readonly requestFilter?: RequestFilter;
  /** Runs before the first provider state of every interaction. */
  readonly beforeEachInteraction?: () => Promise<void>;
  /** Per request passed on to the provider. */
  readonly requestTimeoutMs: number;
  /** The kit itself failed on a request (its filter threw): the verification cannot be trusted any more. */
  readonly onKitFailure: (message: string) => void;
}

export interface VerifierServer {
  /** The provider base URL the verifier is given, without a trailing slash. */
  readonly url: string;
  /** The verifier's provider state change URL. */
  readonly providerStatesUrl: string;
  /** Provider states the handlers could not set up, by state name: the error messages. */
  readonly stateProblems: ReadonlyMap<string, readonly string[]>;
  /** Stops answering and passes nothing more on to the provider; idempotent. */
  close(): Promise<void>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function answerJson(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  response.end(body);
}

/**
 * The provider as Pact's verifier (in its own process) sees it: a loopback server of the kit's that runs the kit's
 * state handlers on the verifier's provider state changes (`POST PROVIDER_STATES_PATH` with `{state, params,
 * action}`, answered with the values the state created, as JSON) and passes every other request on to the real
 * provider through the kit's request filter. `beforeEachInteraction` runs on the first setup of an interaction, as
 * pact-js's hook does: setups and teardowns are counted, and an interaction's first setup is the one that finds the
 * count at zero.
 */
export async function startVerifierServer(options: VerifierServerOptions): Promise<VerifierServer> {
  const stateProblems = new Map<string, string[]>();
  let openSetups = 0;
  let closed = false;

  async function changeState(body: Buffer): Promise<{ status: number; json: unknown }> {
    let change: unknown;
    try {
      change = JSON.parse(body.toString('utf8'));
    } catch {
      return { status: 400, json: { error: 'a provider state change is a JSON object' } };
    }
    if (!isRecord(change)) return { status: 400, json: { error: 'a provider state change is a JSON object' } };
    const state = typeof change['state'] === 'string' ? change['state'] : '';
    const params = isRecord(change['params']) ? change['params'] : {};
    const handler = options.stateHandlers[state];
    if (change['action'] === 'teardown') {
      openSetups -= 1;
      // A teardown that fails changes nothing the verification judges; the next interaction's setup starts afresh.
      await handler?.teardown?.().catch(() => undefined);
      return { status: 200, json: {} };
    }
    if (change['action'] !== 'setup') return { status: 200, json: {} };
    openSetups += 1;
    if (openSetups === 1 && options.beforeEachInteraction) {
      try {
        await options.beforeEachInteraction();
      } catch (error) {
        return { status: 500, json: { error: `the kit's preparation of the interaction failed: ${messageOf(error)}` } };
      }
    }
    if (!handler) return { status: 200, json: {} };
    try {
      return { status: 200, json: (await handler.setup(params)) ?? {} };
    } catch (error) {
      // The verifier goes on with the pact's example values; the reason goes into the report.
      stateProblems.set(state, [...(stateProblems.get(state) ?? []), messageOf(error)]);
      return { status: 200, json: {} };
    }
  }

  async function passOn(incoming: IncomingMessage, response: ServerResponse, body: Buffer): Promise<void> {
    const request: ProviderRequest = { method: incoming.method ?? 'GET', url: incoming.url ?? '/', headers: { ...incoming.headers }, body };
    try {
      await options.requestFilter?.(request);
    } catch (error) {
      // Passing the request on unprepared (unsigned, with example ids) would blame the provider for the kit's failure.
      const message = `the kit could not prepare ${request.method} ${request.url} for the provider: ${messageOf(error)}`;
      options.onKitFailure(message);
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'x-bsck-forwarding': 'failed' }).end(message);
      return;
    }
    if (closed) {
      response.destroy();
      return;
    }
    forwardToProvider(request, response, options.providerBaseUrl, options.requestTimeoutMs);
  }

  const server = createServer((incoming, response) => {
    void (async () => {
      let body: Buffer;
      try {
        body = await readBody(incoming, MAX_BODY_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLargeError) answerJson(response, 413, { error: error.message });
        else response.destroy();
        return;
      }
      const path = (incoming.url ?? '/').split('?')[0];
      if (incoming.method === 'POST' && path === PROVIDER_STATES_PATH) {
        const answer = await changeState(body);
        if (!closed) answerJson(response, answer.status, answer.json);
        return;
      }
      await passOn(incoming, response, body);
    })().catch(() => response.destroy());
  });
  const listening = await listenOnLoopback(server);
  return {
    url: listening.url,
    providerStatesUrl: `${listening.url}${PROVIDER_STATES_PATH}`,
    stateProblems,
    close() {
      closed = true;
      return listening.close();
    },
  };
}
