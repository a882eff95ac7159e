import { describe, expect, it } from 'vitest';
import { ACCOUNT_STATUSES, canTransition } from './account-status.ts';

describe('account status machine', () => {
  it('allows the documented transitions', () => {
    expect(canTransition('pending', 'active')).toBe(true);
    expect(canTransition('active', 'authRequired')).toBe(true);
    expect(canTransition('authRequired', 'active')).toBe(true);
    expect(canTransition('pending', 'authRequired')).toBe(true);
    for (const from of ACCOUNT_STATUSES.filter((status) => status !== 'cancelled')) expect(canTransition(from, 'cancelled')).toBe(true);
  });

  it('keeps cancelled terminal and never goes back to pending', () => {
    for (const to of ACCOUNT_STATUSES) expect(canTransition('cancelled', to)).toBe(false);
    for (const from of ACCOUNT_STATUSES) expect(canTransition(from, 'pending')).toBe(false);
  });
});
