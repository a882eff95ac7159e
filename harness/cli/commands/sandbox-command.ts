import { SANDBOX_DEFAULT_PORTS } from '../../banking-service/sandbox.ts';
import type { Command } from '../command.ts';
import { EXIT, UsageError } from '../exit-codes.ts';

const PORT_FLAGS = { 'sage-id-port': 'sageIdPort', 'provider-port': 'providerPort', 'consumer-port': 'consumerPort' } as const;

function port(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number > 65_535) throw new UsageError(`sandbox: --${name} must be a port number from 0 to 65535, got ${JSON.stringify(value)}`);
  return number;
}

export interface SandboxCommandOptions {
  /** Resolves when the sandbox should stop; by default the first SIGINT or SIGTERM. */
  readonly untilStopped?: () => Promise<string>;
}

const untilSignal = (): Promise<string> =>
  new Promise((resolve) => {
    const stop = (name: string) => () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(name);
    };
    const onInt = stop('SIGINT');
    const onTerm = stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });

export function createSandboxCommand(options: SandboxCommandOptions = {}): Command {
  return {
    spec: {
      name: 'sandbox',
      summary: 'Run the simulated Sage ID and Banking Service on local ports for a connector under development',
      usage: 'bsck sandbox [--sage-id-port N] [--provider-port N] [--consumer-port N]',
      help: [
        'Starts Sage ID, the Provider API and the Consumer API on 127.0.0.1 with a demo organisation, company and bank,',
        'prints the URLs and this run\'s credentials (fresh each time), and runs until Ctrl-C.',
        '',
        `  --sage-id-port N    Sage ID port (default ${SANDBOX_DEFAULT_PORTS.sageId}; 0 lets the system choose)`,
        `  --provider-port N   Provider API port (default ${SANDBOX_DEFAULT_PORTS.providerApi})`,
        `  --consumer-port N   Consumer API port (default ${SANDBOX_DEFAULT_PORTS.consumerApi})`,
      ].join('\n'),
      options: { 'sage-id-port': { type: 'string' }, 'provider-port': { type: 'string' }, 'consumer-port': { type: 'string' } },
    },
    async run(parsed, io) {
      const ports: Partial<Record<(typeof PORT_FLAGS)[keyof typeof PORT_FLAGS], number>> = {};
      for (const [flag, key] of Object.entries(PORT_FLAGS)) {
        const given = parsed.values[flag];
        const value = port(flag, typeof given === 'string' ? given : undefined);
        if (value !== undefined) ports[key] = value;
      }
      // Listening for the signal before the servers start: a Ctrl-C during start-up still stops them cleanly.
      const stopped = (options.untilStopped ?? untilSignal)();
      const { runSandbox } = await import('../../banking-service/sandbox.ts');
      let sandbox: Awaited<ReturnType<typeof runSandbox>>;
      try {
        sandbox = await runSandbox({ ...ports, out: { write: (text: string) => io.out(text.replace(/\n$/, '')) } });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new UsageError(`sandbox: a port is already in use (${(error as Error).message}); choose others with --sage-id-port, --provider-port, --consumer-port`);
        throw error;
      }
      const signal = await stopped;
      io.out(`${signal} received: stopping the sandbox`);
      await sandbox.close();
      io.out('sandbox stopped');
      return EXIT.conformant;
    },
  };
}

export const sandboxCommand: Command = createSandboxCommand();
