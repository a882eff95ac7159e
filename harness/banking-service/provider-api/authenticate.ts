import type { TokenVerification } from '../../sage-id/index.ts';
import type { ServerRequest } from '../../http/index.ts';
import type { ProviderClient, ProviderClientRegistry } from '../state/index.ts';

/** What the Provider API needs from Sage ID. */
export interface TokenVerifier {
  verifyAuthorization(header: string | undefined, audience: string): Promise<TokenVerification>;
}

export type Authentication =
  | { readonly ok: true; readonly provider: ProviderClient }
  | { readonly ok: false; readonly status: 401 | 403; readonly code: string; readonly message: string };

const headerOf = (request: ServerRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

/**
 * Every Provider API call carries a Sage ID token for the Provider API's audience and the provider's API key
 * [P-AUTHZ] [P-STMT] [P-AQ] [BRUNO-JSON]. The token is checked first (401: refresh it [G-POST]), then the key
 * (403), which must belong to the same provider as the token: only tokens of your client_id reach your
 * resources [G-POST] [KC-01]. Messages never repeat a header value.
 */
export async function authenticateProvider(
  request: ServerRequest,
  options: { readonly verifier: TokenVerifier; readonly audience: string; readonly providers: ProviderClientRegistry },
): Promise<Authentication> {
  const verification = await options.verifier.verifyAuthorization(headerOf(request, 'authorization'), options.audience);
  if (!verification.ok) return { ok: false, status: 401, code: `token-${verification.reason}`, message: verification.message };
  const provider = options.providers.get(verification.token.clientId);
  if (!provider) return { ok: false, status: 403, code: 'unknown-provider', message: 'the token belongs to a Sage ID client that is not a registered provider' };
  const apiKey = headerOf(request, 'x-api-key');
  if (apiKey === undefined || apiKey === '') return { ok: false, status: 403, code: 'api-key-missing', message: 'no x-api-key header: send the API key Sage issued to you' };
  if (apiKey !== provider.apiKey) {
    return { ok: false, status: 403, code: 'api-key-invalid', message: 'the x-api-key is not the API key issued to the client of this token' };
  }
  return { ok: true, provider };
}
