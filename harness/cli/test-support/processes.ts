import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  /** The process group: a candidate process leads its own, so its pid. */
  readonly pgrp: number;
  /** R, S, Z, …: a zombie has exited and only waits to be reaped. */
  readonly state: string;
  readonly cmdline: string;
}

/** Every process on the machine, from /proc (Linux: where the kit's tests and CI run). */
export function processes(): ProcessInfo[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).flatMap((name) => {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // "pid (comm) state ppid pgrp …"; comm may hold spaces and parentheses, so read after the last ")".
      const [state = '', ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      return [{ pid: Number(name), ppid: Number(ppid), pgrp: Number(pgrp), state, cmdline }];
    } catch {
      return [];
    }
  });
}

/** Alive and not a zombie (this machine's PID 1 does not reap orphans). */
export const isRunning = (pid: number): boolean => existsSync(`/proc/${pid}`) && !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));

/** Processes still running (zombies aside) whose command line contains `text`, or that are in process group `pgrp`. */
export function runningProcesses(match: { readonly cmdlineContains?: string; readonly pgrp?: number }): ProcessInfo[] {
  return processes().filter(
    (entry) => entry.state !== 'Z' && ((match.cmdlineContains !== undefined && entry.cmdline.includes(match.cmdlineContains)) || (match.pgrp !== undefined && entry.pgrp === match.pgrp)),
  );
}
