import { afterEach, describe, expect, it } from 'vitest';
import { cleanupRegistry } from '../../candidate/index.ts';
import { trapInterrupts, type InterruptTrap } from './interrupt-trap.ts';

let trap: InterruptTrap | undefined;
afterEach(() => {
  trap?.release();
  trap = undefined;
});

describe('trapInterrupts', () => {
  it('aborts the run on the first signal, and on the second cleans up everything registered and exits 130', async () => {
    const errors: string[] = [];
    let exitCode: number | undefined;
    const exited = new Promise<void>((resolve) => {
      trap = trapInterrupts({ err: (line) => errors.push(line), exit: (code) => { exitCode = code; resolve(); } });
    });
    let cleaned = false;
    cleanupRegistry.register('test resource', () => {
      cleaned = true;
    });
    // The candidate registry's own handlers (which would exit on the first signal) are off while the trap holds.
    expect(process.listeners('SIGINT')).toHaveLength(1);

    process.emit('SIGINT');
    expect(trap?.signal.aborted).toBe(true);
    expect(trap?.received()).toBe('SIGINT');
    expect(errors[0]).toMatch(/^bsck: SIGINT received: stopping the run; the reports will still be written/);
    expect(cleaned).toBe(false);

    process.emit('SIGTERM');
    await exited;
    expect(cleaned).toBe(true);
    expect(exitCode).toBe(130);
    expect(errors[1]).toBe('bsck: SIGTERM again: stopping what is left and exiting');
  });

  it('exits with 143, SIGTERM\'s code, when SIGTERM came first: a cancelled CI job is told from a Ctrl-C', async () => {
    let exitCode: number | undefined;
    const exited = new Promise<void>((resolve) => {
      trap = trapInterrupts({ err: () => {}, exit: (code) => { exitCode = code; resolve(); } });
    });
    process.emit('SIGTERM');
    expect(trap?.received()).toBe('SIGTERM');
    process.emit('SIGINT');
    await exited;
    expect(exitCode).toBe(143);
  });

  it('holds the signals alone while it lasts and gives them back on release', () => {
    const other = () => {};
    process.on('SIGINT', other);
    const before = process.listeners('SIGINT');
    trap = trapInterrupts({ err: () => {} });
    expect(process.listeners('SIGINT')).toHaveLength(1);
    expect(process.listeners('SIGINT')).not.toContain(other);
    trap.release();
    trap = undefined;
    expect(process.listeners('SIGINT')).toEqual(before);
    process.off('SIGINT', other);
  });
});
