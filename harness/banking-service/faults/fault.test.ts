import { describe, expect, it } from 'vitest';
import { appliesRequest, checkFault, describeFault, type Fault } from './fault.ts';

describe('faults', () => {
  it('say whether the request takes effect before the fault answers', () => {
    expect(appliesRequest({ kind: 'server-error-500', stored: true })).toBe(true);
    expect(appliesRequest({ kind: 'server-error-500', stored: false })).toBe(false);
    expect(appliesRequest({ kind: 'drop-connection', stored: true })).toBe(true);
    expect(appliesRequest({ kind: 'delay', ms: 10 })).toBe(true);
    expect(appliesRequest({ kind: 'unauthorized-401' })).toBe(false);
    expect(appliesRequest({ kind: 'rate-limit-429', retryAfterSeconds: 1 })).toBe(false);
  });

  it('describe themselves as flat annotations', () => {
    expect(describeFault({ kind: 'rate-limit-429', retryAfterSeconds: 2 })).toEqual({ fault: 'rate-limit-429', 'fault.retryAfterSeconds': '2' });
    expect(describeFault({ kind: 'server-error-500', stored: true })).toEqual({ fault: 'server-error-500', 'fault.stored': 'true' });
  });

  it('refuse impossible values, naming the field', () => {
    expect(() => checkFault({ kind: 'delay', ms: 120_000 })).toThrow(/ms must be between 0 and 60000/);
    expect(() => checkFault({ kind: 'rate-limit-429', retryAfterSeconds: 1.5 })).toThrow(/retryAfterSeconds/);
    expect(() => checkFault({ kind: 'teleport' } as unknown as Fault)).toThrow(/unknown fault kind "teleport"/);
  });
});
