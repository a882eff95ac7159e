import { MatchersV3, type Matcher } from '@pact-foundation/pact';

/**
 * Matchers the kit's pacts share. Every example is fixed (never generated) so a second run writes the same files,
 * and every value the provider or the run chooses (ids, dates, names, tokens) is matched, not pinned.
 */
export const PATTERNS = Object.freeze({
  uuid: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
  isoDateTime: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$',
  bearer: '^Bearer \\S+$',
  nonEmpty: '^.+$',
  httpUrl: '^https?://\\S+$',
  countryCode: '^[A-Z]{2,3}$',
  json: '^application/json',
  form: '^application/x-www-form-urlencoded',
});

/** Fixed examples: what the pact files show. */
export const EXAMPLES = Object.freeze({
  authorisationId: '6f0c2b7e-1d4a-4c8e-9b3f-2a5d7e9c1f00',
  reauthorisationId: '8a1d3c5e-7f9b-4d2c-8e4a-6b0c2d4f6a11',
  bankId: '3993ba12-039d-43a5-a5ae-1493e5ac1ff8',
  bankAccountId: '5b26b598-a880-4e32-8c41-126aa0206857',
  state: 'c1e5a7d3-9b2f-4e6a-8c0d-1f3b5d7e9a22',
  externalId: 'example-external-id-0001',
  requestedStartDate: '2024-01-01T00:00:00.000Z',
  redirectUri: 'http://127.0.0.1:4012/ui/authorisations/6f0c2b7e-1d4a-4c8e-9b3f-2a5d7e9c1f00/return',
  bearer: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJleGFtcGxlIjp0cnVlfQ.example-signature',
  apiKey: 'example-api-key',
});

/** A string matched by a regular expression, with a fixed example. */
export const matching = (pattern: string, example: string) => MatchersV3.regex(pattern, example);

/**
 * A value the provider state supplies at verification (`${name}` from the state handler's answer), matched by a
 * regular expression on the consumer side. Pact's own fromProviderState only matches by type; the core reads
 * this combined form the same way (a regex matcher plus a ProviderState generator).
 */
export function fromState(name: string, pattern: string, example: string): Matcher<string> {
  return fromStateTemplate(`\${${name}}`, pattern, example);
}

/** As fromState, for a value built around state values, e.g. `/v1/authorisations/${authorisationId}`. */
export function fromStateTemplate(expression: string, pattern: string, example: string): Matcher<string> {
  if (!new RegExp(pattern).test(example)) throw new Error(`fromState(${expression}): the example ${example} does not match ${pattern}`);
  // Pact-js has no builder for a regex matcher with a generator; the core reads both keys of this object.
  return {
    'pact:matcher:type': 'regex',
    'pact:generator:type': 'ProviderState',
    regex: pattern,
    expression,
    value: example,
  } as Matcher<string>;
}
