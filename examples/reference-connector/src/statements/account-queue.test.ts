import { describe, expect, it } from 'vitest';
import { AccountQueue } from './account-queue.ts';

function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('AccountQueue', () => {
  it('runs one job at a time per key and different keys in parallel', async () => {
    const queue = new AccountQueue();
    const events: string[] = [];
    const first = gate();
    const a1 = queue.run('a', async () => {
      events.push('a1 start');
      await first.promise;
      events.push('a1 end');
      return 1;
    });
    const a2 = queue.run('a', async () => {
      events.push('a2 start');
      return 2;
    });
    const b1 = queue.run('b', async () => {
      events.push('b1 start');
      return 3;
    });
    expect(await b1).toBe(3);
    expect(events).toEqual(['a1 start', 'b1 start']);
    first.open();
    expect(await Promise.all([a1, a2])).toEqual([1, 2]);
    expect(events).toEqual(['a1 start', 'b1 start', 'a1 end', 'a2 start']);
    await queue.idle();
    expect(queue.busyKeys).toEqual([]);
  });

  it('keeps going after a failed job', async () => {
    const queue = new AccountQueue();
    await expect(queue.run('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await queue.run('a', async () => 'next')).toBe('next');
  });

  it('cancels the running job and refuses the waiting ones', async () => {
    const queue = new AccountQueue();
    let seenSignal: AbortSignal | undefined;
    const started = gate();
    const running = queue.run('a', (signal) => {
      seenSignal = signal;
      started.open();
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    });
    const waiting = queue.run('a', async () => 'never');
    await started.promise;
    queue.cancel('a');
    await expect(running).rejects.toThrow('aborted');
    await expect(waiting).rejects.toThrow('cancelled');
    expect(seenSignal?.aborted).toBe(true);
    expect(await queue.run('a', async () => 'fresh lane')).toBe('fresh lane');
  });
});
