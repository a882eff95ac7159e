import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listenOnLoopback, type ListeningServer } from '../../harness/http/index.ts';
import { startVerifierServer, type VerifierServer, type VerifierServerOptions } from './verifier-server.ts';

/**
 * The kit's server as Pact's verifier talks to it: the test plays the verifier (its state change calls and the
 * interaction's request), the server passes requests on to a real provider stand-in.
 */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

async function provider(): Promise<{ server: ListeningServer; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = await listenOnLoopback(createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  }));
  cleanups.push(() => server.close());
  return { server, seen };
}

async function verifierServer(options: Partial<VerifierServerOptions> & Pick<VerifierServerOptions, 'providerBaseUrl'>): Promise<VerifierServer> {
  const server = await startVerifierServer({ stateHandlers: {}, requestTimeoutMs: 2_000, onKitFailure: () => {}, ...options });
  cleanups.push(() => server.close());
  return server;
}

const changeState = (server: VerifierServer, state: string, action: 'setup' | 'teardown', params: Record<string, unknown> = {}) =>
  fetch(server.providerStatesUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ state, params, action }) });

describe('the verifier server', () => {
  it("answers a state setup with the values the kit's handler created, for fromProviderState", async () => {
    const { server: target } = await provider();
    const params: unknown[] = [];
    const server = await verifierServer({
      providerBaseUrl: target.url,
      stateHandlers: { 'a bank exists': { setup: async (given) => (params.push(given), { bankId: 'b-1' }) } },
    });
    const answer = await changeState(server, 'a bank exists', 'setup', { region: 'GB' });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ bankId: 'b-1' });
    expect(params).toEqual([{ region: 'GB' }]);
    expect(await (await changeState(server, 'a state nobody handles', 'setup')).json()).toEqual({});
  });

  it('runs beforeEachInteraction once per interaction, before its first state, and tears states down', async () => {
    const { server: target } = await provider();
    const calls: string[] = [];
    const handler = (name: string) => ({ setup: async () => (calls.push(`setup ${name}`), undefined), teardown: async () => void calls.push(`teardown ${name}`) });
    const server = await verifierServer({
      providerBaseUrl: target.url,
      stateHandlers: { one: handler('one'), two: handler('two') },
      beforeEachInteraction: async () => void calls.push('before each'),
    });
    for (let interaction = 0; interaction < 2; interaction += 1) {
      await changeState(server, 'one', 'setup');
      await changeState(server, 'two', 'setup');
      await changeState(server, 'one', 'teardown');
      await changeState(server, 'two', 'teardown');
    }
    expect(calls).toEqual(Array(2).fill(['before each', 'setup one', 'setup two', 'teardown one', 'teardown two']).flat());
  });

  it('keeps why a state could not be set up, and lets the verifier go on', async () => {
    const { server: target } = await provider();
    const server = await verifierServer({
      providerBaseUrl: target.url,
      stateHandlers: { broken: { setup: () => Promise.reject(new Error('the candidate refused the sign-in')) } },
    });
    const answer = await changeState(server, 'broken', 'setup');
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({});
    expect(server.stateProblems.get('broken')).toEqual(['the candidate refused the sign-in']);
  });

  it("passes every other request through the kit's filter on to the provider, bytes and all", async () => {
    const { server: target, seen } = await provider();
    const server = await verifierServer({
      providerBaseUrl: target.url,
      requestFilter: async (request) => {
        request.url = `/registered${request.url}`;
        request.headers['authorization'] = 'Bearer fresh';
      },
    });
    const answer = await fetch(`${server.url}/notification?x=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{ "type" : "x" }' });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ ok: true });
    expect(seen).toMatchObject([{ method: 'POST', url: '/registered/notification?x=1', headers: { authorization: 'Bearer fresh' }, body: '{ "type" : "x" }' }]);
  });

  it("names the kit, never the provider, when its filter fails, and passes nothing on", async () => {
    const { server: target, seen } = await provider();
    const failures: string[] = [];
    const server = await verifierServer({
      providerBaseUrl: target.url,
      onKitFailure: (message) => failures.push(message),
      requestFilter: () => Promise.reject(new Error('no token')),
    });
    const answer = await fetch(`${server.url}/availableaccounts`);
    expect(answer.status).toBe(500);
    expect(await answer.text()).toBe('the kit could not prepare GET /availableaccounts for the provider: no token');
    expect(failures).toEqual(['the kit could not prepare GET /availableaccounts for the provider: no token']);
    expect(seen).toEqual([]);
  });

  it('passes nothing on once closed, even a request whose filter was still running', async () => {
    const { server: target, seen } = await provider();
    let filtering!: () => void;
    const entered = new Promise<void>((resolve) => (filtering = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const server = await verifierServer({
      providerBaseUrl: target.url,
      requestFilter: async () => {
        filtering();
        await released;
      },
    });
    const answer = fetch(`${server.url}/notification`, { method: 'POST', body: '{}' });
    await entered;
    await server.close();
    release();
    await expect(answer).rejects.toThrow();
    expect(seen).toEqual([]);
  });
});
