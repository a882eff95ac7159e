import type { ProxiedRequest } from './run-verification.ts';

const headerOf = (request: ProxiedRequest, name: string): string => {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
};

function formOf(body: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) {
    for (const item of Array.isArray(value) ? value : [value]) form.append(name, String(item));
  }
  return form.toString();
}

/**
 * Pact's verification proxy parses JSON and form bodies and re-sends any object as JSON, which garbles a
 * form-urlencoded body (the Sage ID token request) and can change a JSON body's length. A request filter that
 * changed the body (or did not) calls this last: the body goes on as bytes in its own encoding, with a matching
 * Content-Length.
 */
export function settleProxiedBody(request: ProxiedRequest): void {
  const body = request.body;
  if (body === undefined || body === null || Buffer.isBuffer(body) || typeof body !== 'object') return;
  const contentType = headerOf(request, 'content-type').toLowerCase();
  const isEmptyObject = Object.keys(body).length === 0;
  if (isEmptyObject && (request.method === 'GET' || request.method === 'HEAD' || headerOf(request, 'content-length') === '' || headerOf(request, 'content-length') === '0')) {
    request.body = Buffer.alloc(0);
    return;
  }
  const bytes = Buffer.from(contentType.startsWith('application/x-www-form-urlencoded') ? formOf(body as Record<string, unknown>) : JSON.stringify(body));
  request.body = bytes;
  request.headers['content-length'] = String(bytes.length);
}
