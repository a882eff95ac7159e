import type { ExchangeRecord } from '../../harness/traffic/index.ts';

/**
 * The redactor (harness/traffic/redactor.ts) replaces every registered secret of the run by `[REDACTED:<label>]`
 * and fingerprints sensitive header values as `[REDACTED:<name>#<8 hex>]` at capture. In a connector's response,
 * a marker without a fingerprint therefore means the connector sent one of the run's secrets back; a fingerprinted
 * bearer or basic credential means it sent a credential in a header. Other fingerprinted markers (a Set-Cookie of
 * its own) are not secrets of the run.
 */
const MARKER = /\[REDACTED:([A-Za-z0-9._-]+?)(?:#[0-9a-f]{8})?\]/g;

const SECRET_WORDS: Readonly<Record<string, string>> = Object.freeze({
  'client-secret': 'the client secret (SAGE_ID_CLIENT_SECRET)',
  'api-key': 'the API key (PROVIDER_API_KEY)',
  'notification-header-value': 'the notification header value (NOTIFICATION_HEADER_VALUE)',
  'sage-id-token': 'a Sage ID bearer token',
  'test-user-password': "a test user's password",
  'test-user-otp': "a test user's one-time code",
  'consumer-jwt': "the Sage product's bearer token",
  'product-signing-key': "the Sage product's signing key",
  'organisation-signing-key': "an organisation's signing key",
});

const CREDENTIAL_SCHEMES = new Set(['bearer', 'basic']);

/** What a marker in a response stands for, or undefined when it is not a leak. */
function leakOf(marker: RegExpMatchArray): string | undefined {
  const [whole, label = ''] = marker;
  const fingerprinted = whole.includes('#');
  if (fingerprinted) return CREDENTIAL_SCHEMES.has(label) ? `a ${label} credential` : undefined;
  return SECRET_WORDS[label] ?? `a secret of the run (${label})`;
}

function firstLeak(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  for (const marker of text.matchAll(MARKER)) {
    const leak = leakOf(marker);
    if (leak) return leak;
  }
  return undefined;
}

/** Where in a recorded response the first secret sits, and which secret it is. */
export function findLeak(record: ExchangeRecord): { readonly where: string; readonly what: string } | undefined {
  const response = record.response;
  if (!response) return undefined;
  for (const [name, value] of Object.entries(response.headers)) {
    const what = firstLeak(value);
    if (what) return { where: name === 'location' ? 'redirect URL (Location)' : `header ${name}`, what };
  }
  const body = firstLeak(response.body === undefined ? undefined : JSON.stringify(response.body)) ?? firstLeak(response.bodyText);
  return body ? { where: 'body', what: body } : undefined;
}
