import { readFileSync, readdirSync } from 'node:fs';

/**
 * Stopping a whole process tree. A candidate command is often a wrapper (`npm start`, `sh -c …`, `tsx`) whose
 * server is a grandchild; signalling only the direct child would leave the server running. Launched as a
 * group leader (`detached`), the candidate's group id is its pid and every descendant is in that group unless it
 * deliberately leaves it.
 */

export type GroupStopOutcome = 'already-gone' | 'terminated' | 'killed';

/** Sends a signal to every process of the group; false when none is left. */
export function signalProcessGroup(groupId: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-groupId, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/**
 * Whether any process of the group still runs. A zombie does not count: it has exited and only waits to be
 * reaped, which for an orphaned grandchild is PID 1's job, and an init that does not reap (seen on this project's
 * build machines, and in containers whose PID 1 is a plain program) leaves zombies that `kill(-group, 0)` still
 * reports as members forever.
 */
export function isProcessGroupAlive(groupId: number): boolean {
  if (!signalProcessGroup(groupId, 0)) return false;
  const states = processStatesOfGroup(groupId);
  return states === undefined || states.some((state) => state !== 'Z' && state !== 'X');
}

/** Linux: the state letter of every process in the group, from /proc; undefined where /proc cannot be read. */
export function processStatesOfGroup(groupId: number): string[] | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const states: string[] = [];
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid pgrp …"; comm may hold spaces and parentheses, so read after the last ")".
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === groupId && state !== undefined) states.push(state);
  }
  return states;
}

/**
 * Waits until no process of the group is left. The kernel has no notification for "a group emptied" that a
 * non-parent can wait on, so this polls, starting at 5 ms and never slower than 100 ms, up to `timeoutMs`.
 */
export async function waitForProcessGroupExit(groupId: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  let interval = 5;
  while (isProcessGroupAlive(groupId)) {
    const left = deadline - performance.now();
    if (left <= 0) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(interval, left)));
    interval = Math.min(interval * 2, 100);
  }
  return true;
}

/** SIGTERM to the group, then SIGKILL to whatever is left after `graceMs`. Throws only if SIGKILL did not work. */
export async function stopProcessGroup(groupId: number, graceMs: number): Promise<GroupStopOutcome> {
  if (!isProcessGroupAlive(groupId) || !signalProcessGroup(groupId, 'SIGTERM')) return 'already-gone';
  if (await waitForProcessGroupExit(groupId, graceMs)) return 'terminated';
  signalProcessGroup(groupId, 'SIGKILL');
  if (await waitForProcessGroupExit(groupId, 5_000)) return 'killed';
  throw new Error(`process group ${groupId} is still alive 5000 ms after SIGKILL`);
}
