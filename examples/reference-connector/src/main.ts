import { parseConfig } from './config.ts';
import { createConnector } from './connector.ts';
import { createLogger } from './log.ts';
import { listen, type RunningServer } from './server.ts';
import { USER_FIXTURES } from './test-bank/index.ts';

/**
 * Entry point: reads the environment contract, listens, then registers the bank. A bad environment exits 1 with
 * one line per problem on stderr. GET / answers as soon as the port is open; GET /health reports bank sync.
 */
async function main(): Promise<void> {
  const parsed = parseConfig(process.env, { testUsers: USER_FIXTURES.map((user) => user.username) });
  if ('errors' in parsed) {
    for (const line of parsed.errors) process.stderr.write(`reference-connector: ${line}\n`);
    process.exit(1);
  }
  const { config } = parsed;
  const log = createLogger(config.logLevel);
  process.on('unhandledRejection', (reason) => log.error('unhandled rejection', { error: reason instanceof Error ? reason.message : String(reason) }));

  const connector = createConnector(config, { log });
  let server: RunningServer;
  try {
    server = await listen(connector.listener, { port: config.port, host: config.host });
  } catch (error) {
    process.stderr.write(`reference-connector: cannot listen on ${config.host}:${config.port}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  log.info('listening', {
    host: config.host,
    port: server.port,
    authMode: config.authMode,
    testControl: config.testControl,
    statementBatchLimit: config.statementBatchLimit,
    faults: config.faults.names,
  });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    void Promise.all([connector.close(), server.close()]).finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  void connector.startBankSync();
}

void main();
