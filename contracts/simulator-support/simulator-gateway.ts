import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { BankingServiceSimulator } from '../../harness/banking-service/index.ts';
import { listenOnLoopback, sendRequest } from '../../harness/http/index.ts';

/** One request the gateway passed on, and what the simulator answered. */
export interface GatewayExchange {
  readonly seq: number;
  readonly method: string;
  /** Path and query as the verifier sent them. */
  readonly path: string;
  readonly target: 'sage-id' | 'provider-api';
  /** The verification's request number, from the x-kit-verification-request header the request filter sets. */
  readonly tag: string | undefined;
  readonly status: number | undefined;
  /** The answer parsed as JSON, when it was JSON. */
  readonly body: unknown;
  readonly failure: string | undefined;
}

export interface SimulatorGateway {
  /** One base URL for the whole simulated Banking Service (Sage ID token endpoint and Provider API). */
  readonly url: string;
  readonly exchanges: readonly GatewayExchange[];
  close(): Promise<void>;
}

/** Sage ID's paths; everything else is the Provider API [BRUNO] [G-POST]. */
const SAGE_ID_PATHS = [/^\/oauth\/token\/?$/, /^\/\.well-known\//];

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Set by the kit's request filter on every request of a verification, so an answer can be tied to its interaction. */
export const VERIFICATION_REQUEST_HEADER = 'x-kit-verification-request';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length', 'upgrade', 'proxy-connection']);

/**
 * The simulated Banking Service behind one base URL, as a pact written against "banking-service" expects: the
 * Sage ID token endpoint and the Provider API are separate servers in the simulator, but a Pact verification has
 * one provider base URL. Every exchange is passed on unchanged and recorded, so a refusal can be explained with
 * the simulator's own answer (rule, evidence, message).
 */
export async function startSimulatorGateway(simulator: BankingServiceSimulator, options: { readonly timeoutMs?: number } = {}): Promise<SimulatorGateway> {
  const exchanges: GatewayExchange[] = [];
  const timeoutMs = options.timeoutMs ?? 10_000;
  const server: Server = createServer((request, response) => {
    void (async () => {
      const method = (request.method ?? 'GET').toUpperCase();
      const path = request.url ?? '/';
      const pathname = new URL(path, 'http://gateway.invalid').pathname;
      const target = SAGE_ID_PATHS.some((pattern) => pattern.test(pathname)) ? 'sage-id' : 'provider-api';
      const base = target === 'sage-id' ? simulator.sageIdUrl : simulator.providerApiUrl;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const body = await readBody(request);
      const exchange = await sendRequest({ method, url: `${base}${path}`, headers, ...(body.length > 0 ? { body } : {}), timeoutMs });
      let parsed: unknown;
      try {
        parsed = exchange.response && exchange.response.body.length > 0 ? JSON.parse(exchange.response.body.toString('utf8')) : undefined;
      } catch {
        parsed = undefined;
      }
      exchanges.push({
        seq: exchanges.length + 1,
        method,
        path,
        target,
        tag: typeof request.headers[VERIFICATION_REQUEST_HEADER] === 'string' ? request.headers[VERIFICATION_REQUEST_HEADER] : undefined,
        status: exchange.response?.status,
        body: parsed,
        failure: exchange.failure ? `${exchange.failure.kind}: ${exchange.failure.message}` : undefined,
      });
      if (!exchange.response) {
        response.writeHead(502, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ errors: [{ code: 'gateway', message: `the simulated Banking Service did not answer: ${exchange.failure?.message ?? 'no response'}` }] }));
        return;
      }
      const answerHeaders: Record<string, string> = {};
      for (const [name, value] of Object.entries(exchange.response.headers)) if (!HOP_BY_HOP.has(name)) answerHeaders[name] = value;
      answerHeaders['content-length'] = String(exchange.response.body.length);
      response.writeHead(exchange.response.status, answerHeaders);
      response.end(exchange.response.body);
    })().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ errors: [{ code: 'kit-gateway-error', message: (error as Error).message }] }));
    });
  });
  const listening = await listenOnLoopback(server);
  return { url: listening.url, exchanges, close: () => listening.close() };
}
