import { describe, expect, it } from 'vitest';
import { FaultSchedule } from './fault-schedule.ts';

describe('FaultSchedule', () => {
  it('hands out a fault for the n-th request of an operation only', () => {
    const schedule = new FaultSchedule([{ operationId: 'postStatement', occurrence: 2, fault: { kind: 'server-error-500', stored: true } }]);
    expect(schedule.take('postStatement')).toBeUndefined();
    expect(schedule.take('getStatement')).toBeUndefined();
    expect(schedule.take('postStatement')).toEqual({ operationId: 'postStatement', occurrence: 2, fault: { kind: 'server-error-500', stored: true } });
    expect(schedule.take('postStatement')).toBeUndefined();
    expect(schedule.count('postStatement')).toBe(3);
  });

  it('repeats an "every" fault until cleared, and keeps counting after', () => {
    const schedule = new FaultSchedule();
    schedule.add({ operationId: 'getStatement', occurrence: 'every', fault: { kind: 'delay', ms: 5 } });
    expect(schedule.take('getStatement')?.occurrence).toBe(1);
    expect(schedule.take('getStatement')?.occurrence).toBe(2);
    schedule.clear();
    expect(schedule.take('getStatement')).toBeUndefined();
    expect(schedule.count('getStatement')).toBe(3);
  });

  it('refuses an unknown operation or occurrence', () => {
    const schedule = new FaultSchedule([], ['postStatement']);
    expect(() => schedule.add({ operationId: 'postStatements', occurrence: 1, fault: { kind: 'unauthorized-401' } })).toThrow(/not an operation of this API/);
    expect(() => schedule.add({ operationId: 'postStatement', occurrence: 0, fault: { kind: 'unauthorized-401' } })).toThrow(/occurrence must be/);
  });
});
