import { describe, expect, it } from 'vitest';
import { encodeRfc3986, signConsumerRequest, signatureBase, signatureMatches } from './consumer-signature.ts';

// Expected values computed outside this code: the base string by hand from reference §3.4, the signature with
// `printf '%s' "$base" | openssl dgst -sha1 -hmac 'test-signing-key&null' -binary | base64`.
describe('consumer request signature (§3.4)', () => {
  it('encodes like RFC 3986', () => {
    expect(encodeRfc3986("a b!'()*/")).toBe('a%20b%21%27%28%29%2A%2F');
  });

  it('signs a POST with a body as the collection does', () => {
    const request = { method: 'post', url: 'https://snd01us.sagebankdrive.com/api/v1/organisations', body: '{"a":1}', nonce: 'nonce-1' };
    expect(signatureBase(request)).toBe('POST&https%3A%2F%2Fsnd01us.sagebankdrive.com%2Fapi%2Fv1%2Forganisations&body%3DeyJhIjoxfQ%253D%253D&nonce-1');
    expect(signConsumerRequest({ ...request, signingKey: 'test-signing-key' })).toBe('hp3lV1c/J8rcdKlV8eMwa4knlys=');
  });

  it('lower-cases the route, sorts and double-encodes query parameters', () => {
    const request = { method: 'GET', url: 'https://Host.Example/API/v1/Thing?b=2&a=hello%20world', nonce: 'n2' };
    expect(signatureBase(request)).toBe('GET&https%3A%2F%2Fhost.example%2Fapi%2Fv1%2Fthing&a%3Dhello%2520world%26b%3D2&n2');
    expect(signConsumerRequest({ ...request, signingKey: 'test-signing-key' })).toBe('zPVjLf93hnsPGDaEWRUJIJklYI4=');
  });

  it('compares signatures safely', () => {
    expect(signatureMatches('abc', 'abc')).toBe(true);
    expect(signatureMatches('abc', 'abd')).toBe(false);
    expect(signatureMatches('abc', 'abcd')).toBe(false);
  });
});
