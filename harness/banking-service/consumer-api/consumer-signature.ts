import { createHmac, timingSafeEqual } from 'node:crypto';

/** RFC 3986 percent-encoding, as the collection's script does it [BRUNO-JSON]. */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface SignedRequest {
  readonly method: string;
  /** The URL as the client addresses it, query included. */
  readonly url: string;
  /** The body as sent; undefined or empty when there is none. */
  readonly body?: string | Buffer;
  readonly nonce: string;
}

/**
 * The signature base of reference §3.4 [BRUNO-JSON]: UPPER(method) & enc(lower(route without query)) &
 * enc(sorted params) & enc(nonce), where params are the query parameters (name and value each encoded) plus
 * body=enc(base64 of the body) when there is one, sorted by name and joined name=value with &.
 */
export function signatureBase(request: SignedRequest): string {
  const url = new URL(request.url);
  const params: { name: string; value: string }[] = [];
  const body = request.body === undefined ? '' : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body);
  if (body.length > 0) params.push({ name: 'body', value: encodeRfc3986(Buffer.from(body).toString('base64')) });
  const names = [...new Set(url.searchParams.keys())];
  for (const name of names) params.push({ name: encodeRfc3986(name), value: encodeRfc3986(url.searchParams.getAll(name).join(',')) });
  // A stable sort by name, as underscore's sortBy in the collection's script.
  params.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const query = params.map((param) => `${param.name}=${param.value}`).join('&');
  const route = `${url.protocol}//${url.host}${url.pathname}`;
  return `${request.method.toUpperCase()}&${encodeRfc3986(route.toLowerCase())}&${encodeRfc3986(query)}&${encodeRfc3986(request.nonce)}`;
}

/** HMAC-SHA1 of the signature base, base64, key = signing key + "&null" [BRUNO-JSON] [BRUNO-README] [CA-MAL] (D14). */
export function signConsumerRequest(request: SignedRequest & { readonly signingKey: string }): string {
  return createHmac('sha1', `${request.signingKey}&null`).update(signatureBase(request)).digest('base64');
}

/** Constant-time comparison of a presented signature with the one computed. */
export function signatureMatches(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
