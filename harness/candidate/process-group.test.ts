import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isProcessGroupAlive, processStatesOfGroup, stopProcessGroup } from './process-group.ts';

/** A detached group: a shell leading it and a node grandchild that ignores SIGTERM when asked. */
function startGroup(ignoreSigterm: boolean): Promise<{ groupId: number; grandchild: number }> {
  const program = ignoreSigterm ? "process.on('SIGTERM', () => {}); console.log(process.pid); setInterval(() => {}, 1 << 30)" : 'console.log(process.pid); setInterval(() => {}, 1 << 30)';
  const shell = spawn('/bin/sh', ['-c', `${JSON.stringify(process.execPath)} -e ${JSON.stringify(program)}; echo unreachable`], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    shell.stdout.once('data', (chunk: Buffer) => resolve({ groupId: shell.pid as number, grandchild: Number(chunk.toString().trim()) }));
    shell.once('error', reject);
  });
}

/** 'gone' for a process that no longer exists or only waits to be reaped (a zombie: this machine's PID 1 does not reap). */
function runningState(pid: number): 'running' | 'gone' {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z') ? 'gone' : 'running';
  } catch {
    return 'gone';
  }
}

describe('stopProcessGroup', () => {
  it('stops the whole tree with SIGTERM, grandchildren included', async () => {
    const { groupId, grandchild } = await startGroup(false);
    expect(isProcessGroupAlive(groupId)).toBe(true);
    expect(await stopProcessGroup(groupId, 5_000)).toBe('terminated');
    expect(isProcessGroupAlive(groupId)).toBe(false);
    expect(runningState(grandchild)).toBe('gone');
  });

  it('kills what ignores SIGTERM once the grace period is over', async () => {
    const { groupId } = await startGroup(true);
    const started = performance.now();
    expect(await stopProcessGroup(groupId, 300)).toBe('killed');
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(isProcessGroupAlive(groupId)).toBe(false);
  });

  it('reports a group that is already gone', async () => {
    const { groupId } = await startGroup(false);
    await stopProcessGroup(groupId, 5_000);
    expect(await stopProcessGroup(groupId, 5_000)).toBe('already-gone');
    expect(processStatesOfGroup(groupId)?.filter((state) => state !== 'Z')).toEqual([]);
  });
});
