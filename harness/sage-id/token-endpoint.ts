import type { Route, ServerReply, ServerRequest } from '../http/index.ts';
import type { Policies } from '../policies/index.ts';
import type { ClientRegistry } from './client-registry.ts';
import type { TokenIssuer } from './token-issuer.ts';

export const TOKEN_PATH = '/oauth/token';

/** The one grant the Banking Service uses [BRUNO] [PLAY]; the old guide's `client_credentails` is a typo [G-POST]. */
const CLIENT_CREDENTIALS = 'client_credentials';
const TOKEN_FIELDS = ['grant_type', 'client_id', 'client_secret', 'audience'] as const;
type TokenField = (typeof TOKEN_FIELDS)[number];

export interface TokenEndpointOptions {
  readonly registry: ClientRegistry;
  readonly issuer: TokenIssuer;
  readonly policies: Policies;
  readonly tokenLifetimeSeconds: number;
}

// RFC 6749 §5.1: token responses, errors included, must not be cached.
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;

const oauthError = (status: number, error: string, description: string): ServerReply => ({
  status,
  headers: NO_STORE,
  json: { error, error_description: description },
});

type FieldsOrError = { readonly fields: Partial<Record<TokenField, string>> } | { readonly error: ServerReply };

/**
 * Reads the four fields from a form-urlencoded [BRUNO] or JSON [PLAY] body, as far as policy
 * token-request-encoding allows. A JSON value that is not a string is refused rather than coerced.
 */
function readFields(request: ServerRequest, policies: Policies): FieldsOrError {
  const encoding = policies['token-request-encoding'];
  const { body } = request;
  if (body.kind === 'form' || body.kind === 'json' || body.kind === 'invalid-json') {
    const kind = body.kind === 'form' ? 'form' : 'json';
    if (encoding !== 'either' && encoding !== kind) {
      const wanted = encoding === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
      return { error: oauthError(400, 'invalid_request', `send the token request as ${wanted}: this run follows policy token-request-encoding=${encoding}`) };
    }
  }
  if (body.kind === 'form') return { fields: pick(body.value) };
  if (body.kind === 'invalid-json') return { error: oauthError(400, 'invalid_request', `the JSON body does not parse: ${body.error}`) };
  if (body.kind === 'json') {
    if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) {
      return { error: oauthError(400, 'invalid_request', 'the JSON body must be an object with grant_type, client_id, client_secret and audience') };
    }
    const value = body.value as Record<string, unknown>;
    const notStrings = TOKEN_FIELDS.filter((name) => value[name] !== undefined && typeof value[name] !== 'string');
    if (notStrings.length > 0) return { error: oauthError(400, 'invalid_request', `${notStrings.join(', ')} must be a string`) };
    return { fields: pick(value as Record<string, string>) };
  }
  const accepted = encoding === 'either' ? 'application/x-www-form-urlencoded or application/json' : encoding === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
  return {
    error: oauthError(400, 'invalid_request', body.kind === 'none' ? `the token request has no body: send grant_type, client_id, client_secret and audience as ${accepted}` : `the token request body must be ${accepted}`),
  };
}

function pick(source: Readonly<Record<string, string>>): Partial<Record<TokenField, string>> {
  const fields: Partial<Record<TokenField, string>> = {};
  for (const name of TOKEN_FIELDS) if (typeof source[name] === 'string' && source[name] !== '') fields[name] = source[name];
  return fields;
}

function missingFieldsMessage(missing: readonly TokenField[], sent: ServerRequest['body']): string {
  const sentNames = sent.kind === 'form' ? Object.keys(sent.value) : sent.kind === 'json' && typeof sent.value === 'object' && sent.value !== null ? Object.keys(sent.value) : [];
  // The old guide writes client_Secret [G-POST]; OAuth field names are case-sensitive, so say why it did not count.
  const caseHint = missing
    .map((name) => [name, sentNames.find((sentName) => sentName !== name && sentName.toLowerCase() === name)] as const)
    .filter((pair): pair is readonly [TokenField, string] => pair[1] !== undefined)
    .map(([name, sentName]) => ` (field names are case-sensitive: ${sentName} is not ${name})`)
    .join('');
  return `missing ${missing.join(', ')}${caseHint}`;
}

/** POST /oauth/token: the client-credentials grant, answered as docs/sage-id-api.md fixes it. */
export function createTokenRoute(options: TokenEndpointOptions): Route {
  return {
    method: 'POST',
    pattern: TOKEN_PATH,
    handler: async (request) => {
      const read = readFields(request, options.policies);
      if ('error' in read) return read.error;
      const { fields } = read;
      if (fields.grant_type === undefined) return oauthError(400, 'invalid_request', missingFieldsMessage(['grant_type'], request.body));
      if (fields.grant_type !== CLIENT_CREDENTIALS) {
        return oauthError(400, 'unsupported_grant_type', `grant_type ${JSON.stringify(fields.grant_type)} is not supported: use ${CLIENT_CREDENTIALS}`);
      }
      const missing = TOKEN_FIELDS.filter((name) => fields[name] === undefined);
      if (missing.length > 0) return oauthError(400, 'invalid_request', missingFieldsMessage(missing, request.body));
      const { client_id: clientId, client_secret: clientSecret, audience } = fields as Record<TokenField, string>;

      const authentication = options.registry.authenticate(clientId, clientSecret);
      if (!authentication.ok) {
        return oauthError(401, 'invalid_client', authentication.reason === 'unknown-client'
          ? `client_id ${JSON.stringify(clientId)} is not registered with this Sage ID: use the client_id given for this run`
          : `client_secret does not match client_id ${JSON.stringify(clientId)}: use the client_secret given for this run`);
      }
      if (!authentication.audiences.has(audience)) {
        // RFC 8707 names this error for a resource the client may not ask for.
        return oauthError(400, 'invalid_target', `client ${JSON.stringify(clientId)} is not registered for audience ${JSON.stringify(audience)}: use the audience given for this run`);
      }
      const issued = await options.issuer.issue({ clientId, audience, lifetimeSeconds: options.tokenLifetimeSeconds });
      return { status: 200, headers: NO_STORE, json: { access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn } };
    },
  };
}
