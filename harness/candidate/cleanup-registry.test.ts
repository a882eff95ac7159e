import { describe, expect, it } from 'vitest';
import { createCleanupRegistry } from './cleanup-registry.ts';
import { runChildScript } from './fixtures/child-script.ts';

describe('cleanup registry', () => {
  it('runs every entry once, however often cleanupAll or run is called, and reports each', async () => {
    const registry = createCleanupRegistry();
    const calls: string[] = [];
    const first = registry.register('first', () => void calls.push('first'));
    registry.register('second', async () => {
      await new Promise((resolve) => setImmediate(resolve));
      calls.push('second');
    });
    registry.register('broken', () => {
      throw new Error('engine gone\nstack…');
    });
    expect(registry.pending()).toEqual(['first', 'second', 'broken']);
    const [report, again] = await Promise.all([registry.cleanupAll(), registry.cleanupAll(), first.run()]);
    expect(calls.sort()).toEqual(['first', 'second']);
    expect(report).toEqual({ cleaned: ['first', 'second'], failed: [{ label: 'broken', message: 'engine gone' }], unfinished: [] });
    // A concurrent call runs nothing twice, but waits for what is in progress and reports it alike.
    expect(again).toEqual(report);
    expect(await registry.cleanupAll()).toEqual({ cleaned: [], failed: [], unfinished: [] });
    await first.run();
    expect(calls).toHaveLength(2);
    expect(registry.pending()).toEqual([]);
  });

  it('forgets a released entry without running it', async () => {
    const registry = createCleanupRegistry();
    let ran = false;
    registry.register('gone anyway', () => void (ran = true)).release();
    expect((await registry.cleanupAll()).cleaned).toEqual([]);
    expect(ran).toBe(false);
  });

  it('gives up waiting at its timeout and names what did not finish', async () => {
    const registry = createCleanupRegistry();
    let release: () => void = () => {};
    registry.register('hung engine', () => new Promise<void>((resolve) => (release = resolve)));
    const started = performance.now();
    const report = await registry.cleanupAll({ timeoutMs: 100 });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(report.unfinished).toEqual(['hung engine']);
    release();
  });

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`on ${signal}, finishes the cleanup and then exits with ${code}`, async () => {
      const script = runChildScript('registered-cleanup.ts');
      try {
        await script.waitForLine(/^registered$/, 20_000);
        script.child.kill(signal);
        expect(await script.waitForExit(10_000)).toEqual({ code, signal: null });
        expect(script.output()).toContain('cleanup finished');
        expect(script.output()).toContain(`bsck: ${signal} received: stopping test resource`);
      } finally {
        script.child.kill('SIGKILL');
      }
    });
  }
});
