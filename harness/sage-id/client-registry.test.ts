import { describe, expect, it } from 'vitest';
import { createClientRegistry } from './client-registry.ts';

describe('client registry', () => {
  it('generates distinct random credentials per registration', () => {
    const registry = createClientRegistry();
    const one = registry.register({ audience: 'provider-api' });
    const two = registry.register({ audience: 'provider-api' });
    expect(one.clientId).not.toBe(two.clientId);
    expect(one.clientSecret).not.toBe(two.clientSecret);
    expect(one.clientSecret.length).toBeGreaterThanOrEqual(32);
    expect(registry.secrets()).toEqual([one.clientSecret, two.clientSecret]);
  });

  it('authenticates the right secret and tells an unknown client from a wrong secret', () => {
    const registry = createClientRegistry();
    const client = registry.register({ clientId: 'acme', clientSecret: 'acme-secret-1', audience: 'provider-api' });
    const ok = registry.authenticate('acme', 'acme-secret-1');
    expect(ok.ok).toBe(true);
    expect(ok.ok && [...ok.audiences]).toEqual(['provider-api']);
    expect(registry.authenticate('acme', 'acme-secret-2')).toEqual({ ok: false, reason: 'wrong-secret' });
    expect(registry.authenticate('acme', '')).toEqual({ ok: false, reason: 'wrong-secret' });
    expect(registry.authenticate('nobody', client.clientSecret)).toEqual({ ok: false, reason: 'unknown-client' });
  });

  it('adds an audience to a known client without changing its secret, and refuses another secret', () => {
    const registry = createClientRegistry();
    const first = registry.register({ clientId: 'acme', audience: 'provider-api' });
    const second = registry.register({ clientId: 'acme', audience: 'other-api' });
    expect(second.clientSecret).toBe(first.clientSecret);
    const auth = registry.authenticate('acme', first.clientSecret);
    expect(auth.ok && [...auth.audiences].sort()).toEqual(['other-api', 'provider-api']);
    expect(() => registry.register({ clientId: 'acme', clientSecret: 'different-secret', audience: 'x' })).toThrow(
      'registerClient: client "acme" is already registered with another secret; omit clientSecret to add an audience',
    );
  });

  it('refuses empty names and short fixed secrets, without echoing the secret', () => {
    const registry = createClientRegistry();
    expect(() => registry.register({ audience: '' })).toThrow(/audience must be a non-empty string/);
    expect(() => registry.register({ clientId: '', audience: 'a' })).toThrow(/clientId must be a non-empty string/);
    let message = '';
    try {
      registry.register({ clientSecret: 'pw1', audience: 'a' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/at least 8 characters/);
    expect(message).not.toContain('pw1');
  });
});
