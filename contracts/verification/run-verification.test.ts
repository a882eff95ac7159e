import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { listenOnLoopback, type ListeningServer } from '../../harness/http/index.ts';
import { readPactDocument, type PactDocument } from './pact-file.ts';
import { PactVerificationError, runPactVerification, type KitStateHandler } from './run-verification.ts';

/**
 * runPactVerification with Pact's real verifier in its child process, against a small provider: the verifier's
 * report goes to the log file and never to this process, this process never loads the native core, and a verifier
 * that dies, hangs or is interrupted is one PactVerificationError with its process gone.
 */
const root = await mkdtemp(join(tmpdir(), 'bsck-run-verification-'));
afterAll(() => rm(root, { recursive: true, force: true }));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const STATE = 'a greeting exists';
const pactFile = join(root, 'greeter-consumer-greeter.json');
await writeFile(pactFile, JSON.stringify({
  consumer: { name: 'greeter-consumer' },
  provider: { name: 'greeter' },
  interactions: [{
    type: 'Synchronous/HTTP',
    description: 'a greeting by its id',
    providerStates: [{ name: STATE, params: { language: 'en' } }],
    request: { method: 'GET', path: '/greetings/example-id', generators: { path: { expression: '/greetings/${greetingId}', type: 'ProviderState' } } },
    response: { status: 200, headers: { 'Content-Type': ['application/json'] }, body: { content: { text: 'hello' }, contentType: 'application/json', encoded: false } },
  }],
  metadata: { pactSpecification: { version: '4.0' } },
}));
const document: PactDocument = await readPactDocument(pactFile);

/** The provider: knows greeting 42 only, so the request proves the state's value reached the verifier. */
async function greeter(): Promise<{ server: ListeningServer; paths: string[] }> {
  const paths: string[] = [];
  const server = await listenOnLoopback(createServer((request, response) => {
    paths.push(request.url ?? '');
    if (request.url === '/greetings/42') response.writeHead(200, { 'content-type': 'application/json' }).end('{"text":"hello"}');
    else response.writeHead(404).end();
  }));
  cleanups.push(() => server.close());
  return { server, paths };
}

/** Children of this process running the verifier script. */
function verifierChildren(): number[] {
  let listing = '';
  try {
    listing = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there is no child at all
  }
  return listing.split('\n').filter((line) => line.includes('verifier-child.mjs')).map((line) => Number.parseInt(line.trim(), 10));
}

/** A state whose setup never ends until the test is over: the verifier waits on it. */
function hangingState(onEntered: () => void = () => {}): KitStateHandler {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  cleanups.push(async () => release());
  return { setup: async () => (onEntered(), await released, {}) };
}

describe('runPactVerification: Pact\'s verifier in a child process', () => {
  it("verifies through the kit's server, with the state's values injected, and keeps the verifier's report in the log file only", async () => {
    const { server, paths } = await greeter();
    const logFile = join(root, 'pact-verifier.log');
    const params: unknown[] = [];
    const run = await runPactVerification({
      document,
      providerBaseUrl: server.url,
      stateHandlers: { [STATE]: { setup: async (given) => (params.push(given), { greetingId: '42' }) } },
      logFile,
      redact: (text) => text.replaceAll('greeter-consumer', '[consumer]'),
    });
    expect(run.outcomes).toEqual([{ status: 'passed', mismatches: [] }]);
    expect(run.passed).toBe(true);
    expect(params).toEqual([{ language: 'en' }]);
    expect(paths).toEqual(['/greetings/42']);
    const log = await readFile(logFile, 'utf8');
    expect(log).toContain('Verifying a pact between [consumer] and greeter');
    expect(log).not.toMatch(/\u001b\[/);
    // This process never loaded Pact's native core: only the child did.
    expect(await readFile('/proc/self/maps', 'utf8')).not.toContain('pact_ffi');
    expect(verifierChildren()).toEqual([]);
  });

  it("reports the provider's mismatch as the interaction's, in Pact's words", async () => {
    const { server } = await greeter();
    const run = await runPactVerification({ document, providerBaseUrl: server.url, stateHandlers: { [STATE]: { setup: async () => ({ greetingId: '7' }) } } });
    expect(run.passed).toBe(false);
    expect(run.outcomes[0]?.status).toBe('failed');
    expect(run.outcomes[0]?.mismatches.join('\n')).toMatch(/expected 200 but was 404/i);
  });

  it('turns a verifier that dies into one PactVerificationError naming how, and leaves no process', async () => {
    const { server } = await greeter();
    const run = runPactVerification({
      document,
      providerBaseUrl: server.url,
      logFile: join(root, 'crashed.log'),
      // The native core dying mid-verification: its process is killed while it waits on a provider state.
      stateHandlers: { [STATE]: hangingState(() => verifierChildren().forEach((pid) => process.kill(pid, 'SIGKILL'))) },
    });
    await expect(run).rejects.toThrow(PactVerificationError);
    await expect(run).rejects.toThrow(/^Pact's verifier process was killed by SIGKILL before it reported a result(: .*)? \(its output: .*crashed\.log\)$/);
    expect(verifierChildren()).toEqual([]);
  });

  it('kills the verifier at once when interrupted', async () => {
    const { server, paths } = await greeter();
    const controller = new AbortController();
    let abortedAt = 0;
    const run = runPactVerification({
      document,
      providerBaseUrl: server.url,
      signal: controller.signal,
      stateHandlers: {
        [STATE]: hangingState(() => {
          abortedAt = performance.now();
          controller.abort();
        }),
      },
    });
    await expect(run).rejects.toThrow(new PactVerificationError('the verification was interrupted'));
    expect(performance.now() - abortedAt).toBeLessThan(2_000);
    expect(verifierChildren()).toEqual([]);
    expect(paths).toEqual([]);
  });

  it('stops a verifier that does not finish within its deadline', async () => {
    const { server } = await greeter();
    const run = runPactVerification({ document, providerBaseUrl: server.url, requestTimeoutMs: 30_000, deadlineMs: 3_000, stateHandlers: { [STATE]: hangingState() } });
    await expect(run).rejects.toThrow(new PactVerificationError("Pact's verifier did not finish within 3 s and was stopped"));
    expect(verifierChildren()).toEqual([]);
  });

  it('says in one line when the verifier cannot verify at all', async () => {
    const { server } = await greeter();
    const missing = { ...document, file: join(root, 'no-such-pact.json') };
    await expect(runPactVerification({ document: missing, providerBaseUrl: server.url, stateHandlers: {} })).rejects.toThrow(
      /^Pact's verifier could not verify .*no-such-pact\.json: [^\n]+$/,
    );
  });
});
