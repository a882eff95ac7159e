import { describe, expect, it } from 'vitest';
import { ProductApplicationRegistry } from './product-applications.ts';

describe('ProductApplicationRegistry', () => {
  it('registers an application once and finds it by its x-application id', () => {
    const registry = new ProductApplicationRegistry();
    registry.register({ applicationId: 'Sage.UK.Kit', signingKey: 'k'.repeat(64) });
    expect(registry.get('Sage.UK.Kit')?.signingKey).toHaveLength(64);
    expect(registry.get('Sage.US.Other')).toBeUndefined();
    expect(() => registry.register({ applicationId: 'Sage.UK.Kit', signingKey: 'x' })).toThrow(/already registered/);
  });
});
