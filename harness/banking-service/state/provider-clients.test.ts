import { describe, expect, it } from 'vitest';
import { ProviderClientRegistry } from './provider-clients.ts';

describe('ProviderClientRegistry', () => {
  it('finds a provider by client id and by API key, and lower-cases its header name', () => {
    const registry = new ProviderClientRegistry();
    registry.register({ clientId: 'c1', apiKey: 'k1-xxxx', notificationHeaderName: 'X-Provider-Auth', notificationHeaderValue: 'v' });
    expect(registry.get('c1')?.notificationHeaderName).toBe('x-provider-auth');
    expect(registry.byApiKey('k1-xxxx')?.clientId).toBe('c1');
    expect(registry.byApiKey('other')).toBeUndefined();
  });

  it('refuses a duplicate client or API key', () => {
    const registry = new ProviderClientRegistry();
    registry.register({ clientId: 'c1', apiKey: 'k1-xxxx', notificationHeaderName: 'h', notificationHeaderValue: 'v' });
    expect(() => registry.register({ clientId: 'c1', apiKey: 'k2-xxxx', notificationHeaderName: 'h', notificationHeaderValue: 'v' })).toThrow(/already registered/);
    expect(() => registry.register({ clientId: 'c2', apiKey: 'k1-xxxx', notificationHeaderName: 'h', notificationHeaderValue: 'v' })).toThrow(/already in use/);
  });
});
