import { describe, expect, it } from 'vitest';
import { NonceRegistry } from './nonce-registry.ts';

describe('NonceRegistry', () => {
  it('accepts a nonce once', () => {
    const nonces = new NonceRegistry();
    expect(nonces.use('n1')).toBe(true);
    expect(nonces.use('n1')).toBe(false);
    expect(nonces.use('n2')).toBe(true);
  });

  it('stays bounded, forgetting the oldest', () => {
    const nonces = new NonceRegistry(2);
    nonces.use('a');
    nonces.use('b');
    nonces.use('c');
    expect(nonces.use('a')).toBe(true);
    expect(nonces.use('c')).toBe(false);
  });
});
