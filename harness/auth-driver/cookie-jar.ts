/**
 * The few cookie rules a provider's login session needs between hops: name=value per host, replaced by a newer
 * Set-Cookie, dropped by Max-Age<=0 or an Expires in the past. Paths, domains and Secure are ignored: the drive
 * talks to one provider, and on loopback a browser would send them anyway.
 */
export class CookieJar {
  private readonly byHost = new Map<string, Map<string, string>>();

  /** `setCookie` as sendRequest flattens it: several Set-Cookie headers joined with ", ". */
  store(url: string, setCookie: string | undefined): void {
    if (setCookie === undefined || setCookie === '') return;
    const host = new URL(url).host;
    let cookies = this.byHost.get(host);
    if (cookies === undefined) {
      cookies = new Map();
      this.byHost.set(host, cookies);
    }
    for (const line of splitSetCookie(setCookie)) {
      const parsed = parseSetCookie(line);
      if (parsed === undefined) continue;
      if (parsed.expired) cookies.delete(parsed.name);
      else cookies.set(parsed.name, parsed.value);
    }
  }

  /** The Cookie header for a request to `url`, or undefined when the jar holds none for its host. */
  header(url: string): string | undefined {
    const cookies = this.byHost.get(new URL(url).host);
    if (cookies === undefined || cookies.size === 0) return undefined;
    return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * Splits joined Set-Cookie headers. A comma also appears inside `Expires=Wed, 21 Oct 2015 …`, so a split happens
 * only where the comma is followed by something shaped like `name=`.
 */
export function splitSetCookie(joined: string): string[] {
  return joined.split(/,\s*(?=[^;,=\s]+=)/).map((part) => part.trim()).filter((part) => part !== '');
}

function parseSetCookie(line: string): { name: string; value: string; expired: boolean } | undefined {
  const [pair = '', ...attributes] = line.split(';');
  const equals = pair.indexOf('=');
  if (equals <= 0) return undefined;
  const name = pair.slice(0, equals).trim();
  const value = pair.slice(equals + 1).trim();
  let expired = false;
  for (const attribute of attributes) {
    const [rawKey = '', ...rest] = attribute.split('=');
    const key = rawKey.trim().toLowerCase();
    const attributeValue = rest.join('=').trim();
    if (key === 'max-age') {
      // Max-Age wins over Expires when both are present (RFC 6265 §5.3).
      expired = Number(attributeValue) <= 0;
      break;
    }
    if (key === 'expires') {
      const at = Date.parse(attributeValue);
      if (!Number.isNaN(at)) expired = at <= Date.now();
    }
  }
  return { name, value, expired };
}
