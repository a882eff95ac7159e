import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../docker/index.ts';
import { startHttpServer, type RunningHttpServer } from '../http/index.ts';
import { LaunchError, type CandidateExit } from './launcher.ts';
import { waitUntilReady } from './wait-until-ready.ts';

const servers: RunningHttpServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function failureOf(promise: Promise<unknown>): Promise<LaunchError> {
  const error = await promise.then(() => undefined, (rejection: unknown) => rejection);
  expect(error).toBeInstanceOf(LaunchError);
  return error as LaunchError;
}

describe('waitUntilReady', () => {
  it('is ready at the first HTTP answer, whatever its status, on the configured path', async () => {
    const paths: string[] = [];
    const server = await startHttpServer({ name: 'slow-starter', routes: [{ method: 'GET', pattern: '/health', handler: (request) => (paths.push(request.path), { status: 503 }) }] });
    servers.push(server);
    const ready = await waitUntilReady({ baseUrl: `${server.url}/`, readiness: { path: '/health', timeoutMs: 2_000 }, subject: 'candidate URL' });
    expect(ready).toMatchObject({ status: 503, attempts: 1 });
    expect(paths).toEqual(['/health']);
  });

  it('keeps probing until the candidate starts listening, and notices soon after it does', async () => {
    const port = await findFreePort();
    const waiting = waitUntilReady({ baseUrl: `http://127.0.0.1:${port}`, readiness: { timeoutMs: 10_000 }, subject: 'candidate URL' });
    // The "candidate" comes up a little later, as a real one would after its start-up work.
    let upAt = 0;
    const late = new Promise<RunningHttpServer>((resolve) =>
      setTimeout(() => {
        void startHttpServer({ name: 'late', port, routes: [] }).then((server) => {
          upAt = performance.now();
          resolve(server);
        });
      }, 150),
    );
    const ready = await waiting;
    const readyAt = performance.now();
    servers.push(await late);
    expect(ready.status).toBe(404);
    expect(ready.attempts).toBeGreaterThan(1);
    // Probes never pause longer than 250 ms: the candidate is seen well within 600 ms of listening.
    expect(readyAt - upAt).toBeLessThan(600);
  });

  it('fails in one line when nothing listens, at its timeout', async () => {
    const port = await findFreePort();
    const started = performance.now();
    const error = await failureOf(waitUntilReady({ baseUrl: `http://127.0.0.1:${port}`, readiness: { timeoutMs: 300 }, subject: 'candidate URL' }));
    const elapsed = performance.now() - started;
    expect(error.message).toBe(`candidate URL http://127.0.0.1:${port} refused connections for 300 ms`);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1_000);
  });

  it('tells a peer that accepts but never answers from one that refuses', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const error = await failureOf(
        waitUntilReady({ baseUrl: `http://127.0.0.1:${port}`, readiness: { timeoutMs: 300 }, subject: 'candidate URL', hint: 'check the connector' }),
      );
      expect(error.message).toBe(`candidate URL http://127.0.0.1:${port} accepted connections but did not answer GET / within 300 ms: check the connector`);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('fails at once when the candidate exits, long before the timeout', async () => {
    const port = await findFreePort();
    const exited = new Promise<CandidateExit>((resolve) => setTimeout(() => resolve({ code: 1, signal: null }), 50));
    const started = performance.now();
    const error = await failureOf(
      waitUntilReady({
        baseUrl: `http://127.0.0.1:${port}`,
        readiness: { timeoutMs: 20_000 },
        subject: 'candidate process at',
        exited,
        describeExit: (exit) => `candidate process exited with code ${exit.code} before it was ready`,
      }),
    );
    expect(error.message).toBe('candidate process exited with code 1 before it was ready');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('refuses a readiness path without a leading slash', async () => {
    const error = await failureOf(waitUntilReady({ baseUrl: 'http://127.0.0.1:1', readiness: { path: 'health' }, subject: 'candidate URL' }));
    expect(error.message).toBe('readiness path "health" must start with "/"');
  });
});
