import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createConnector, parseConfig, USER_FIXTURES } from '../../../../examples/reference-connector/src/index.ts';
import { createLogger } from '../../../../examples/reference-connector/src/log.ts';
import { HOSTILE_BEHAVIOURS, HUGE_BODY_BYTES, type HostileBehaviour } from './hostile-behaviours.ts';

/**
 * A hostile candidate for the kit's own tests: the reference connector, unchanged, behind one misbehaviour a real
 * connector can have (hostile-behaviours.ts). It does bank sync and everything else correctly until the
 * misbehaviour applies, so what the kit sees is what it would see from a provider's broken connector. Bundled by
 * build-hostile-connector.ts into one file a bare `node` runs, as a process or in a FROM-scratch image.
 * The behaviour is the first argument, or HOSTILE_BEHAVIOUR.
 */

const behaviour = (process.argv[2] ?? process.env['HOSTILE_BEHAVIOUR'] ?? '') as HostileBehaviour;
const say = (line: string): void => void process.stderr.write(`hostile-connector: ${line}\n`);

if (!(HOSTILE_BEHAVIOURS as readonly string[]).includes(behaviour)) {
  say(`unknown behaviour ${JSON.stringify(behaviour)} (known: ${HOSTILE_BEHAVIOURS.join(', ')})`);
  process.exit(2);
}
if (behaviour === 'crash-at-start') {
  say("cannot read /etc/connector/settings.json: ENOENT: no such file or directory");
  process.exit(1);
}

const parsed = parseConfig(process.env, { testUsers: USER_FIXTURES.map((user) => user.username) });
if ('errors' in parsed) {
  for (const line of parsed.errors) say(line);
  process.exit(1);
}
const { config } = parsed;
const connector = createConnector(config, { log: createLogger(config.logLevel) });
const held = new Set<Socket>();

/** Answers the request its hostile way, or returns false to let the reference connector answer it. */
function misbehave(request: IncomingMessage, response: ServerResponse): boolean {
  const path = new URL(request.url ?? '/', 'http://connector').pathname;
  const notification = request.method === 'POST' && path === '/notification';
  switch (behaviour) {
    case 'exit-mid-flow':
      if (!notification) return false;
      response.once('finish', () => {
        setImmediate(() => {
          throw new Error('lost the connection to the accounts database');
        });
      });
      return false;
    case 'hang-on-notification':
      if (!notification) return false;
      request.resume();
      held.add(request.socket);
      say('holding a /notification without answering');
      return true;
    case 'never-redirect':
      if (request.method !== 'GET' || (path !== '/auth' && path !== '/authrefresh')) return false;
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><html><body><p>Connecting to your bank, please wait…</p></body></html>');
      return true;
    case 'garbage-bytes':
      if (!notification) return false;
      request.resume();
      request.socket.end(Buffer.from('\u0016\u0003\u0001\u0000 NOT HTTP \u00ff\u00fe garbage\r\n\r\n', 'latin1'));
      return true;
    case 'invalid-json':
      if (request.method !== 'GET' || path !== '/availableaccounts') return false;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"accounts": [{"id": "acc-1", "name": "Current account",');
      return true;
    case 'huge-body':
      if (request.method !== 'GET' || path !== '/availableaccounts') return false;
      streamHugeBody(response);
      return true;
    case 'hold-connections':
      if (!notification) return false;
      request.resume();
      held.add(request.socket);
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      response.write('{"received": tr');
      return true;
    case 'crash-at-start':
      return false;
  }
}

/** 50 MB of well-formed JSON, written as the socket drains, so this process never holds it either. */
function streamHugeBody(response: ServerResponse): void {
  const account = (index: number) => JSON.stringify({ id: `acc-${index}`, name: `Account ${index} ${'x'.repeat(200)}`, accountNumber: String(10_000_000 + index), currency: 'GBP' });
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('{"accounts":[');
  let written = 0;
  let index = 0;
  const pump = (): void => {
    while (written < HUGE_BODY_BYTES) {
      const chunk = `${index === 0 ? '' : ','}${account(index)}`;
      index += 1;
      written += chunk.length;
      if (!response.write(chunk)) {
        response.once('drain', pump);
        return;
      }
    }
    response.end(']}');
  };
  response.on('error', () => {});
  pump();
}

if (behaviour === 'hold-connections') {
  process.on('SIGTERM', () => say(`ignoring SIGTERM with ${held.size} connection(s) held open`));
} else {
  const stop = (): void => {
    for (const socket of held) socket.destroy();
    void connector.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

const server = createServer((request, response) => {
  if (!misbehave(request, response)) connector.listener(request, response);
});
server.keepAliveTimeout = 0;
server.requestTimeout = 0;
server.listen(config.port, config.host, () => {
  say(`listening on ${config.host}:${config.port} as ${behaviour} (pid ${process.pid})`);
  void connector.startBankSync();
});
