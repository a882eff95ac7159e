import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../docker/index.ts';
import { sendRequest } from '../http/index.ts';
import { LaunchError } from './launcher.ts';
import { createUrlLauncher } from './url-launcher.ts';

const fixture = fileURLToPath(new URL('./fixtures/echo-candidate.mjs', import.meta.url));

async function launchFailure(promise: Promise<unknown>): Promise<{ message: string; elapsedMs: number }> {
  const started = performance.now();
  const error = await promise.then(() => undefined, (rejection: unknown) => rejection);
  expect(error).toBeInstanceOf(LaunchError);
  return { message: (error as LaunchError).message, elapsedMs: performance.now() - started };
}

describe('URL launcher', () => {
  let port: number;
  let candidate: ChildProcess;

  // Someone else's candidate: started here by hand, as a provider would in a terminal, not by a launcher.
  beforeAll(async () => {
    port = await findFreePort();
    candidate = spawn(process.execPath, [fixture], { env: { PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      candidate.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve());
      candidate.once('exit', (code) => reject(new Error(`echo-candidate exited with ${code}`)));
    });
  });
  afterAll(() => {
    candidate.kill('SIGKILL');
  });

  it('only checks that the running candidate answers, and leaves it running', async () => {
    const running = await createUrlLauncher({ url: `http://127.0.0.1:${port}/`, readiness: { timeoutMs: 5_000 } }).start();
    expect(running).toMatchObject({ kind: 'url', baseUrl: `http://127.0.0.1:${port}`, description: `http://127.0.0.1:${port}`, exited: undefined });
    expect(running.logs()).toBe('');
    await running.stop();
    const still = await sendRequest({ method: 'GET', url: `http://127.0.0.1:${port}/`, timeoutMs: 2_000 });
    expect(still.response?.status).toBe(200);
  });

  it('fails in one line, at its timeout, when the URL refuses connections', async () => {
    const closedPort = await findFreePort();
    const { message, elapsedMs } = await launchFailure(createUrlLauncher({ url: `http://127.0.0.1:${closedPort}`, readiness: { timeoutMs: 500 } }).start());
    expect(message).toBe(`candidate URL http://127.0.0.1:${closedPort} refused connections for 500 ms: start the connector there, or correct the URL`);
    expect(elapsedMs).toBeLessThan(1_500);
  });

  it('refuses what is not an http(s) URL, and a URL carrying credentials, without echoing them', async () => {
    expect((await launchFailure(createUrlLauncher({ url: 'localhost:8080' }).start())).message).toBe('candidate URL localhost:8080 must be http:// or https://');
    expect((await launchFailure(createUrlLauncher({ url: 'not a url' }).start())).message).toBe('candidate URL "not a url" is not a URL: give one such as http://127.0.0.1:8080');
    const { message } = await launchFailure(createUrlLauncher({ url: 'http://admin:hunter22@127.0.0.1:8080' }).start());
    expect(message).toBe('candidate URL must not carry a user name or password: the manifest records it');
  });
});
