import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRETS } from '../test-support/connector-harness.ts';
import { startProviderApiStandIn, type ProviderApiStandIn } from '../test-support/provider-api-stand-in.ts';
import { startSageIdStandIn, type SageIdStandIn } from '../test-support/sage-id-stand-in.ts';
import { buildBundle } from './build.ts';

interface Finished {
  readonly code: number | null;
  readonly stderr: string;
}

function finished(child: ChildProcess, timeoutMs: number): Promise<Finished> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bundle did not exit within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** Collects the child's JSON log lines; `next` resolves with the first (past or future) that matches. */
function logLines(child: ChildProcess): { next(predicate: (entry: Record<string, unknown>) => boolean, timeoutMs: number): Promise<Record<string, unknown>> } {
  const seen: Record<string, unknown>[] = [];
  const waiters: { predicate: (entry: Record<string, unknown>) => boolean; resolve: (entry: Record<string, unknown>) => void }[] = [];
  // One reader for the stream: a second readline would pause the stream when it closes.
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    seen.push(entry);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(entry)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(entry);
      }
    }
  });
  return {
    next: (predicate, timeoutMs) => {
      const earlier = seen.find(predicate);
      if (earlier !== undefined) return Promise.resolve(earlier);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching log line within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ predicate, resolve: (entry) => (clearTimeout(timer), resolve(entry)) });
      });
    },
  };
}

describe('the bundle runs standalone with a bare node, from another working directory', () => {
  let directory: string;
  let bundle: string;
  let sageId: SageIdStandIn;
  let providerApi: ProviderApiStandIn;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'reference-connector-bundle-'));
    const built = await buildBundle(join(directory, 'build', 'reference-connector.mjs'));
    // Alone in an empty folder: no node_modules anywhere it could resolve jose from.
    bundle = join(directory, 'reference-connector.mjs');
    await copyFile(built, bundle);
    sageId = await startSageIdStandIn({ clientId: TEST_SECRETS.clientId, clientSecret: TEST_SECRETS.clientSecret, audience: TEST_SECRETS.audience });
    providerApi = await startProviderApiStandIn({ apiKey: TEST_SECRETS.apiKey });
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await Promise.all([sageId?.close(), providerApi?.close()]);
    if (directory !== undefined) await rm(directory, { recursive: true, force: true });
  });

  const run = (env: Record<string, string>): ChildProcess => {
    const child = spawn(process.execPath, [bundle], { cwd: directory, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    return child;
  };
  const validEnv = (): Record<string, string> => ({
    PORT: '0',
    BANKING_SERVICE_URL: providerApi.url,
    SAGE_ID_URL: sageId.url,
    SAGE_ID_CLIENT_ID: TEST_SECRETS.clientId,
    SAGE_ID_CLIENT_SECRET: TEST_SECRETS.clientSecret,
    SAGE_ID_AUDIENCE: TEST_SECRETS.audience,
    PROVIDER_API_KEY: TEST_SECRETS.apiKey,
    CONNECTOR_PUBLIC_URL: 'http://127.0.0.1:1',
    NOTIFICATION_HEADER_NAME: TEST_SECRETS.headerName,
    NOTIFICATION_HEADER_VALUE: TEST_SECRETS.headerValue,
  });

  it('exits 1 with one line per missing variable', async () => {
    const result = await finished(run({}), 10_000);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('reference-connector: PORT is missing: set it to the TCP port the connector listens on.');
  });

  it('exits 1 with one line naming an unknown fault switch', async () => {
    const result = await finished(run({ ...validEnv(), FAULTS: 'no-api-key,not-a-fault' }), 10_000);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual(['reference-connector: FAULTS names an unknown fault switch "not-a-fault": see the fault table in examples/reference-connector/README.md.']);
  });

  it('listens, answers GET /, syncs its bank, and stops cleanly on SIGTERM', async () => {
    const child = run(validEnv());
    const exit = finished(child, 20_000);
    const log = logLines(child);
    const listening = await log.next((entry) => entry.msg === 'listening', 10_000);
    const response = await fetch(`http://127.0.0.1:${String(listening.port)}/`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect((await log.next((entry) => String(entry.msg).startsWith('bank sync done'), 10_000)).principalId).toBe(providerApi.principalId);
    expect(await (await fetch(`http://127.0.0.1:${String(listening.port)}/health`)).json()).toMatchObject({ bankSync: 'done' });
    child.kill('SIGTERM');
    expect((await exit).code).toBe(0);
  });
});
