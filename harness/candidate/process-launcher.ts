import { spawn, type ChildProcess } from 'node:child_process';
import type { Redactor } from '../traffic/index.ts';
import { registerCleanup } from './cleanup-registry.ts';
import { DEFAULT_STOP_GRACE_MS, LaunchError, firstLineOf, type CandidateExit, type CandidateLauncher, type RunningCandidate } from './launcher.ts';
import { createLogBuffer } from './log-buffer.ts';
import { signalProcessGroup, stopProcessGroup } from './process-group.ts';
import { formatExit, waitUntilReady, type ReadinessOptions } from './wait-until-ready.ts';

/**
 * Variables of the kit's own environment a candidate process still gets: what a program needs to run at all
 * (PATH to find node or npm, HOME for tool caches, locale and time zone). Nothing else leaks in: the kit's
 * environment may hold CI tokens, and a container candidate would not see them either.
 */
export const DEFAULT_INHERITED_VARIABLES = Object.freeze(['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'TEMP', 'TMP', 'SYSTEMROOT']);

export interface ProcessLaunchOptions {
  /** An argv array (no shell), or a shell command line run by `/bin/sh -c`. */
  readonly command: readonly string[] | string;
  readonly cwd?: string;
  /** From buildCandidateEnvironment. */
  readonly environment: Readonly<Record<string, string>>;
  readonly inheritVariables?: readonly string[];
  /** The port given to the candidate; the kit probes http://127.0.0.1:<port>. */
  readonly port: number;
  readonly readiness?: ReadinessOptions;
  /** The run's redactor, holding its secrets: logs and the description pass through it. */
  readonly redactor: Redactor;
  /** Between SIGTERM and SIGKILL on stop. Default 5 s. */
  readonly stopGraceMs?: number;
  readonly maxLogBytes?: number;
}

const quoteArgument = (argument: string): string => (/^[\w@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replace(/'/g, `'\\''`)}'`);

function describeCommand(command: readonly string[] | string): string {
  return typeof command === 'string' ? command : command.map(quoteArgument).join(' ');
}

function inheritedEnvironment(names: readonly string[]): Record<string, string> {
  const inherited: Record<string, string> = {};
  for (const name of names) {
    const value = process.env[name];
    if (value !== undefined) inherited[name] = value;
  }
  return inherited;
}

/** Starts the candidate as a local command, the way a provider runs a connector under development. */
export function createProcessLauncher(options: ProcessLaunchOptions): CandidateLauncher {
  return { start: () => startProcess(options) };
}

async function startProcess(options: ProcessLaunchOptions): Promise<RunningCandidate> {
  const startedAt = performance.now();
  const { command, redactor } = options;
  if (typeof command === 'string' ? command.trim() === '' : command.length === 0 || command[0] === '') {
    throw new LaunchError('candidate command is empty: give the command that starts the connector, e.g. ["node", "dist/server.js"]');
  }
  const description = redactor.redactText(describeCommand(command));
  const logs = createLogBuffer(redactor, options.maxLogBytes);
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const environment = { ...inheritedEnvironment(options.inheritVariables ?? DEFAULT_INHERITED_VARIABLES), ...options.environment };

  let child: ChildProcess;
  try {
    const [file, ...args] = typeof command === 'string' ? ['/bin/sh', '-c', command] : command;
    // detached: the candidate leads its own process group, so the whole tree can be signalled at once, and
    // the terminal's Ctrl-C reaches only the kit, which then stops the candidate deliberately.
    child = spawn(file as string, args, { cwd: options.cwd, env: environment, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new LaunchError(`candidate command ${description} could not be started: ${redactor.redactText(firstLineOf(error))}`);
  }
  child.stdout?.on('data', (chunk: Buffer) => logs.append(chunk));
  child.stderr?.on('data', (chunk: Buffer) => logs.append(chunk));

  const exited = new Promise<CandidateExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => resolve({ code: null, signal: null, error: redactor.redactText(firstLineOf(error)) }));
  });

  const groupId = child.pid;
  const graceMs = options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
  const cleanup = registerCleanup(
    `candidate process ${description}`,
    async () => {
      try {
        if (groupId !== undefined) await stopProcessGroup(groupId, graceMs);
      } finally {
        child.stdout?.destroy();
        child.stderr?.destroy();
      }
    },
    { onProcessExit: () => void (groupId !== undefined && signalProcessGroup(groupId, 'SIGKILL')) },
  );

  try {
    const ready = await waitUntilReady({
      baseUrl,
      readiness: options.readiness,
      startedAt,
      subject: 'candidate process at',
      hint: `it must listen on 127.0.0.1:${options.port}, the port the run gave it`,
      exited,
      describeExit: (exit) => {
        if (exit.error !== undefined) return `candidate command ${description} could not be started: ${exit.error}`;
        const last = logs.lastLine();
        return `candidate process exited with ${formatExit(exit)} before it was ready${last === undefined ? ' (it printed nothing)' : `: ${last}`}`;
      },
    });
    return {
      kind: 'process',
      baseUrl,
      description,
      readyAfterMs: ready.elapsedMs,
      logs: () => logs.text(),
      exited,
      stop: () => cleanup.run(),
    };
  } catch (error) {
    await cleanup.run().catch(() => {});
    if (error instanceof LaunchError) throw new LaunchError(error.message, logs.text());
    throw error;
  }
}
