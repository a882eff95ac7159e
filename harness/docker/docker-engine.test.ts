import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerSocketPath, probeDockerEngine } from './index.ts';

const scratch = mkdtempSync(join(tmpdir(), 'bsck-docker-engine-'));
const servers: Server[] = [];
const sockets = new Set<Socket>();

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  rmSync(scratch, { recursive: true, force: true });
});

function listenOn(server: Server, socketPath: string): Promise<void> {
  servers.push(server);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
}

describe('probeDockerEngine', () => {
  it('reports the version of the engine on the socket', async (ctx) => {
    const probe = await probeDockerEngine(5_000);
    if (!probe.available) {
      // CI installs and starts the engine (.ci/run): there, a missing engine is a failure, never a skip.
      if (process.env['CI'] === 'true') throw new Error(`CI=true but no Docker engine answers: ${probe.reason}`);
      return ctx.skip(`no Docker engine answers locally: ${probe.reason}`);
    }
    expect(probe.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(probe.apiVersion).toMatch(/^1\.\d+$/);
    expect(probe.socketPath).toBe(dockerSocketPath());
  });

  it('names the socket when none exists there', async () => {
    const socketPath = join(scratch, 'absent.sock');
    expect(await probeDockerEngine(1_000, { socketPath })).toEqual({
      available: false,
      reason: `no Docker engine socket at ${socketPath}: start dockerd (see .ci/run)`,
    });
  });

  it('gives up after its timeout when the socket accepts but never answers', async () => {
    const socketPath = join(scratch, 'silent.sock');
    await listenOn(createNetServer(), socketPath);
    const started = performance.now();
    const probe = await probeDockerEngine(200, { socketPath });
    const elapsed = performance.now() - started;
    expect(probe).toEqual({
      available: false,
      reason: `Docker engine at ${socketPath} did not answer GET /version within 200 ms`,
    });
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('reports an HTTP error status and a non-engine answer as unavailable', async () => {
    const failing = join(scratch, 'failing.sock');
    await listenOn(createHttpServer((_req, res) => res.writeHead(500).end('boom')), failing);
    expect(await probeDockerEngine(1_000, { socketPath: failing })).toEqual({
      available: false,
      reason: `Docker engine at ${failing} answered HTTP 500 to GET /version`,
    });

    const impostor = join(scratch, 'impostor.sock');
    await listenOn(createHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"hello":"world"}')), impostor);
    expect(await probeDockerEngine(1_000, { socketPath: impostor })).toEqual({
      available: false,
      reason: `${impostor} answered GET /version with something that is not a Docker engine version`,
    });
  });

  it('refuses a DOCKER_HOST that is not a unix socket, and follows one that is', async () => {
    expect(dockerSocketPath({})).toBe('/var/run/docker.sock');
    expect(dockerSocketPath({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' })).toBe('/run/user/1000/docker.sock');
    const probe = await probeDockerEngine(1_000, { socketPath: dockerSocketPath({ DOCKER_HOST: 'tcp://127.0.0.1:2375' }) });
    expect(probe).toEqual({
      available: false,
      reason: 'DOCKER_HOST=tcp://127.0.0.1:2375 is not a unix socket; point it at a local engine\'s socket (unix:///var/run/docker.sock)',
    });
  });
});
