import { describe, expect, it } from 'vitest';
import { acknowledgesNotification } from './notification-acknowledgement.ts';
import { resolvePolicies } from './resolve-policies.ts';

describe('acknowledgesNotification', () => {
  it('reads policy notification-success-status, and no answer acknowledges nothing', () => {
    const statuses = [200, 202, 204, 299, 300, 400];
    const under = (value: string) => statuses.map((status) => acknowledgesNotification(status, resolvePolicies({ 'notification-success-status': value })));
    expect(under('200')).toEqual([true, false, false, false, false, false]);
    expect(under('200-or-204')).toEqual([true, false, true, false, false, false]);
    expect(under('any-2xx')).toEqual([true, true, true, true, false, false]);
    expect(acknowledgesNotification(undefined, resolvePolicies({}))).toBe(false);
  });
});
