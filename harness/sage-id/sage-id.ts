import { startHttpServer, type CapturedExchange } from '../http/index.ts';
import { DEFAULT_POLICIES, type Policies } from '../policies/index.ts';
import { createClientRegistry, type SageIdClientRegistration } from './client-registry.ts';
import { createJwksRoute } from './jwks-endpoint.ts';
import { createSigningKeyPair } from './key-pair.ts';
import { createTokenRoute } from './token-endpoint.ts';
import { DEFAULT_TOKEN_LIFETIME_SECONDS, checkLifetimeSeconds, createTokenIssuer } from './token-issuer.ts';
import { verifyAuthorizationHeader, type TokenVerification } from './verify-token.ts';

export interface SageIdOptions {
  /** Default 480 minutes: "a token generally lasts 480 minutes" [G-POST]. */
  readonly tokenLifetimeSeconds?: number;
  readonly host?: string;
  readonly port?: number;
  readonly onExchange?: (exchange: CapturedExchange) => void;
  /** Only token-request-encoding matters here. */
  readonly policies?: Policies;
  /** Epoch milliseconds; tests move it to expire tokens without waiting. */
  readonly now?: () => number;
}

export interface SageId {
  /** Base URL: token at `${url}/oauth/token`, JWKS at `${url}/.well-known/jwks.json`. */
  readonly url: string;
  /** The `iss` of every token; equal to `url`. */
  readonly issuer: string;
  registerClient(input: { clientId?: string; clientSecret?: string; audience: string }): SageIdClientRegistration;
  verifyAuthorization(header: string | undefined, audience: string): Promise<TokenVerification>;
  /**
   * A token without HTTP, e.g. Banking Service's own for calls to the connector (aud = the provider's client id);
   * `issuedAtMs` backdates it, for the kit's expired-token probes.
   */
  issueToken(input: { clientId: string; audience: string; lifetimeSeconds?: number; issuedAtMs?: number }): Promise<string>;
  onTokenIssued(listener: (token: string) => void): () => void;
  close(): Promise<void>;
}

/** Starts the simulated Sage ID (docs/sage-id-api.md) on loopback with a fresh key pair. */
export async function startSageId(options: SageIdOptions = {}): Promise<SageId> {
  const tokenLifetimeSeconds = checkLifetimeSeconds(options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS, 'tokenLifetimeSeconds');
  const now = options.now ?? Date.now;
  const key = await createSigningKeyPair();
  const registry = createClientRegistry();
  const listeners = new Set<(token: string) => void>();
  // The issuer is the server's own URL, which exists only once it listens; the route reads it through this.
  let issuerUrl = '';
  const issuer = createTokenIssuer({
    key,
    get issuer() {
      return issuerUrl;
    },
    now,
    onIssued: (token) => {
      for (const listener of listeners) listener(token);
    },
  });
  const server = await startHttpServer({
    name: 'sage-id',
    host: options.host,
    port: options.port,
    maxBodyBytes: 64 * 1024,
    onExchange: options.onExchange,
    routes: [
      createTokenRoute({ registry, issuer, policies: options.policies ?? DEFAULT_POLICIES, tokenLifetimeSeconds }),
      createJwksRoute(key.publicJwk),
    ],
  });
  issuerUrl = server.url;

  return {
    url: server.url,
    issuer: server.url,
    registerClient: (input) => registry.register(input),
    verifyAuthorization: (header, audience) =>
      verifyAuthorizationHeader(header, audience, { publicKey: key.publicKey, issuer: server.url, now, isRegisteredClient: registry.isRegistered }),
    async issueToken({ clientId, audience, lifetimeSeconds, issuedAtMs }) {
      const issued = await issuer.issue({ clientId, audience, lifetimeSeconds: lifetimeSeconds ?? tokenLifetimeSeconds, ...(issuedAtMs === undefined ? {} : { issuedAtMs }) });
      return issued.token;
    },
    onTokenIssued(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => server.close(),
  };
}
