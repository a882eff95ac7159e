import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export interface SageIdClientRegistration {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly audience: string;
}

export interface ClientRegistrationInput {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly audience: string;
}

export type ClientAuthentication =
  | { readonly ok: true; readonly audiences: ReadonlySet<string> }
  | { readonly ok: false; readonly reason: 'unknown-client' | 'wrong-secret' };

export interface ClientRegistry {
  register(input: ClientRegistrationInput): SageIdClientRegistration;
  authenticate(clientId: string, clientSecret: string): ClientAuthentication;
  isRegistered(clientId: string): boolean;
  /** Every secret handed out, so a run can give them to its redactor. */
  secrets(): readonly string[];
}

interface StoredClient {
  readonly secret: string;
  readonly secretDigest: Buffer;
  readonly audiences: Set<string>;
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * The per-run set of clients Sage would have issued (client_id + client_secret + audience [BRUNO] [G-POST]).
 * Credentials are random per run unless the caller fixes them, so nothing a connector learnt in one run works
 * in the next. Registering a known client id again adds an audience; it never changes the secret.
 */
export function createClientRegistry(): ClientRegistry {
  const clients = new Map<string, StoredClient>();
  return {
    register(input) {
      if (input.audience === '') throw new Error('registerClient: audience must be a non-empty string');
      if (input.clientId === '') throw new Error('registerClient: clientId must be a non-empty string when given');
      if (input.clientSecret !== undefined && input.clientSecret.length < 8) {
        throw new Error('registerClient: clientSecret must be at least 8 characters, or omitted for a random one');
      }
      const clientId = input.clientId ?? `client-${randomUUID()}`;
      const existing = clients.get(clientId);
      if (existing !== undefined) {
        if (input.clientSecret !== undefined && input.clientSecret !== existing.secret) {
          throw new Error(`registerClient: client "${clientId}" is already registered with another secret; omit clientSecret to add an audience`);
        }
        existing.audiences.add(input.audience);
        return Object.freeze({ clientId, clientSecret: existing.secret, audience: input.audience });
      }
      const secret = input.clientSecret ?? randomBytes(32).toString('base64url');
      clients.set(clientId, { secret, secretDigest: digest(secret), audiences: new Set([input.audience]) });
      return Object.freeze({ clientId, clientSecret: secret, audience: input.audience });
    },
    authenticate(clientId, clientSecret) {
      const client = clients.get(clientId);
      if (client === undefined) return { ok: false, reason: 'unknown-client' };
      // Digests have equal length whatever was sent, so the comparison takes constant time.
      if (!timingSafeEqual(digest(clientSecret), client.secretDigest)) return { ok: false, reason: 'wrong-secret' };
      return { ok: true, audiences: client.audiences };
    },
    isRegistered: (clientId) => clients.has(clientId),
    secrets: () => [...clients.values()].map((client) => client.secret),
  };
}
