import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const KIT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BSCK = fileURLToPath(new URL('../../../bin/bsck.js', import.meta.url));

export interface BsckResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunningBsck {
  readonly child: ChildProcess;
  /** Resolves with the first line matching (stdout, or stderr), or rejects when the process ends or the timeout passes first. */
  waitForLine(pattern: RegExp, timeoutMs?: number, stream?: 'stdout' | 'stderr'): Promise<string>;
  readonly done: Promise<BsckResult>;
}

/**
 * `node bin/bsck.js …` in a child process, the way a user or a CI job runs it: the kit's exit codes, signal
 * handling and output are tested for real, not through runCli.
 */
export function startBsck(args: readonly string[], options: { readonly env?: NodeJS.ProcessEnv; readonly timeoutMs?: number } = {}): RunningBsck {
  const child = spawn(process.execPath, [BSCK, ...args], {
    cwd: KIT_ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const lineWaiters = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    for (const waiter of lineWaiters) waiter();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    for (const waiter of lineWaiters) waiter();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
  const done = new Promise<BsckResult>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    done,
    waitForLine(pattern, timeoutMs = 60_000, stream = 'stdout') {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = (stream === 'stdout' ? stdout : stderr).split('\n').find((candidate) => pattern.test(candidate));
          if (line === undefined) return;
          cleanup();
          resolve(line);
        };
        const timeout = setTimeout(() => {
          cleanup();
          reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stdout so far:\n${stdout}\nstderr:\n${stderr}`));
        }, timeoutMs);
        const ended = () => {
          cleanup();
          reject(new Error(`bsck ended before a line matching ${pattern}; stdout:\n${stdout}\nstderr:\n${stderr}`));
        };
        const cleanup = () => {
          clearTimeout(timeout);
          lineWaiters.delete(check);
          child.off('close', ended);
        };
        lineWaiters.add(check);
        child.once('close', ended);
        check();
      });
    },
  };
}

export const runBsck = (args: readonly string[], options: { readonly env?: NodeJS.ProcessEnv; readonly timeoutMs?: number } = {}): Promise<BsckResult> =>
  startBsck(args, options).done;
