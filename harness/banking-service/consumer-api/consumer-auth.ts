import type { ServerReply, ServerRequest } from '../../http/index.ts';
import { singleError } from '../api-support/index.ts';
import type { Company } from '../state/index.ts';
import type { ConsumerApiContext } from './consumer-api-context.ts';
import type { ConsumerTokenClaims } from './consumer-jwt.ts';
import { signConsumerRequest, signatureMatches } from './consumer-signature.ts';

export const headerOf = (request: ServerRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reply: ServerReply };

/**
 * A signed call (POST /organisations, GET /accesstoken) [BRUNO-JSON] [KC-18]: x-signature over the URL as
 * addressed, the body and x-nonce; the nonce is spent only once the signature verifies, so garbage cannot burn
 * someone's nonce.
 */
export function verifySignedRequest(context: ConsumerApiContext, request: ServerRequest, signingKey: string): Checked<void> {
  const signature = headerOf(request, 'x-signature');
  const nonce = headerOf(request, 'x-nonce');
  if (!signature || !nonce) return { ok: false, reply: singleError(401, 'signature-missing', 'a signed call carries x-signature and x-nonce [BRUNO-JSON]') };
  const candidates = [request.rawBody];
  if (request.body.kind === 'json') candidates.push(Buffer.from(JSON.stringify(request.body.value)));
  const url = request.url.toString();
  const valid = candidates.some((body) => signatureMatches(signature, signConsumerRequest({ method: request.method, url, body, nonce, signingKey })));
  if (!valid) {
    return { ok: false, reply: singleError(401, 'signature-invalid', 'x-signature does not match: HMAC-SHA1 over method, lower-cased URL, sorted parameters (body as base64) and nonce, key = signing key + "&null" [BRUNO-JSON]') };
  }
  if (!context.nonces.use(nonce)) return { ok: false, reply: singleError(401, 'nonce-reused', 'x-nonce was used before: send a fresh UUID with every signed call [AUTHSVC]') };
  return { ok: true, value: undefined };
}

/**
 * Every other call: a known x-application and the product JWT for the organisation and company in the path
 * [BRUNO] [CA-TXN] [KC-19].
 */
export async function requireProduct(context: ConsumerApiContext, request: ServerRequest): Promise<Checked<{ claims: ConsumerTokenClaims; company: Company }>> {
  const application = headerOf(request, 'x-application');
  if (!application || !context.state.applications.get(application)) {
    return { ok: false, reply: singleError(401, 'unknown-application', 'x-application is missing or not a registered product [CA-SETUP]') };
  }
  const checked = await context.jwt.verify(headerOf(request, 'authorization'));
  if (!checked.ok) return { ok: false, reply: singleError(401, checked.code, checked.message) };
  const { organisationId, companyId } = request.params;
  if (checked.claims.organisationId !== organisationId || checked.claims.companyId !== companyId || checked.claims.applicationId !== application) {
    return { ok: false, reply: singleError(401, 'jwt-out-of-scope', 'the jwt is for another organisation, company or application: get one for this company from GET /accesstoken') };
  }
  const company = context.state.organisations.company(organisationId ?? '', companyId ?? '');
  if (!company) return { ok: false, reply: singleError(404, 'unknown-company', `organisation ${organisationId} has no company ${companyId}`) };
  return { ok: true, value: { claims: checked.claims, company } };
}
