import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_TIMING, TEST_SECRETS } from '../test-support/connector-harness.ts';
import { startSageIdStandIn, type SageIdStandIn } from '../test-support/sage-id-stand-in.ts';
import { faultSet, NO_FAULTS, type FaultSet } from './faults.ts';
import { silentLogger } from './log.ts';
import { SageIdClient, SageIdError, tokenLifetimeMs } from './sage-id-client.ts';

describe('SageIdClient against a real token endpoint', () => {
  let sageId: SageIdStandIn;
  beforeAll(async () => {
    sageId = await startSageIdStandIn({ clientId: TEST_SECRETS.clientId, clientSecret: TEST_SECRETS.clientSecret, audience: TEST_SECRETS.audience, tokenLifetimeSeconds: 600 });
  });
  afterAll(async () => {
    await sageId?.close();
  });

  const client = (options: { faults?: FaultSet; clientSecret?: string; now?: () => number } = {}): SageIdClient =>
    new SageIdClient({
      tokenUrl: `${sageId.url}/oauth/token`,
      clientId: TEST_SECRETS.clientId,
      clientSecret: options.clientSecret ?? TEST_SECRETS.clientSecret,
      audience: TEST_SECRETS.audience,
      timing: FAST_TIMING,
      faults: options.faults ?? NO_FAULTS,
      log: silentLogger,
      ...(options.now === undefined ? {} : { now: options.now }),
    });

  it('fetches one token for concurrent callers and reuses it', async () => {
    const tokens = client();
    const before = sageId.tokenRequests();
    const values = await Promise.all([tokens.authorization(), tokens.authorization(), tokens.authorization()]);
    expect(new Set(values).size).toBe(1);
    expect(values[0]).toMatch(/^Bearer eyJ/);
    expect(await tokens.authorization()).toBe(values[0]);
    expect(sageId.tokenRequests() - before).toBe(1);
    expect(tokens.fetchCount).toBe(1);
  });

  it('refreshes shortly before expiry, not after', async () => {
    let clock = Date.now();
    const tokens = client({ now: () => clock });
    const first = await tokens.authorization();
    clock += 600_000 - 61_000;
    expect(await tokens.authorization()).toBe(first);
    clock += 2_000;
    expect(await tokens.authorization()).not.toBe(first);
    expect(tokens.fetchCount).toBe(2);
  });

  it('fetches a new token after invalidate, and only for the token that was invalidated', async () => {
    const tokens = client();
    const first = await tokens.authorization();
    tokens.invalidate('Bearer something-else');
    expect(await tokens.authorization()).toBe(first);
    tokens.invalidate(first);
    expect(await tokens.authorization()).not.toBe(first);
  });

  it('fetches per request under the token-per-request fault', async () => {
    const tokens = client({ faults: faultSet(['token-per-request']) });
    await tokens.authorization();
    await tokens.authorization();
    expect(tokens.fetchCount).toBe(2);
  });

  it('retries a 500 and honours Retry-After on a 429', async () => {
    const tokens = client();
    sageId.scripted.push({ status: 500, json: {} }, { status: 429, json: {}, headers: { 'retry-after': '1' } });
    const startedAt = Date.now();
    expect(await tokens.authorization()).toMatch(/^Bearer /);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(950);
    expect(tokens.fetchCount).toBe(3);
  });

  it('gives up at once on refused credentials, without naming them', async () => {
    const tokens = client({ clientSecret: 'wrong-secret' });
    const error = await tokens.authorization().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SageIdError);
    expect((error as SageIdError).retryable).toBe(false);
    expect((error as Error).message).toContain('HTTP 401');
    expect((error as Error).message).not.toContain('wrong-secret');
    expect(tokens.fetchCount).toBe(1);
  });
});

describe('tokenLifetimeMs', () => {
  it('prefers expires_in, then the JWT exp, then five minutes', () => {
    const now = 1_700_000_000_000;
    const payload = Buffer.from(JSON.stringify({ exp: now / 1000 + 120 })).toString('base64url');
    expect(tokenLifetimeMs(`h.${payload}.s`, 30, now)).toBe(30_000);
    expect(tokenLifetimeMs(`h.${payload}.s`, '45', now)).toBe(45_000);
    expect(tokenLifetimeMs(`h.${payload}.s`, undefined, now)).toBe(120_000);
    expect(tokenLifetimeMs('opaque', undefined, now)).toBe(300_000);
  });
});
