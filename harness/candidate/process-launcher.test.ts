import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { findFreePort } from '../docker/index.ts';
import { sendRequest } from '../http/index.ts';
import { createRedactor, type Redactor } from '../traffic/index.ts';
import { buildCandidateEnvironment, registerCandidateSecrets, type RunEndpoints } from './candidate-environment.ts';
import { runChildScript } from './fixtures/child-script.ts';
import { LaunchError, type RunningCandidate } from './launcher.ts';
import { isProcessGroupAlive } from './process-group.ts';
import { createProcessLauncher } from './process-launcher.ts';

const fixture = fileURLToPath(new URL('./fixtures/echo-candidate.mjs', import.meta.url));
const CONTRACT_NAMES = [
  'BANKING_SERVICE_URL', 'CONNECTOR_PUBLIC_URL', 'NOTIFICATION_HEADER_NAME', 'NOTIFICATION_HEADER_VALUE', 'PORT',
  'PROVIDER_API_KEY', 'SAGE_ID_AUDIENCE', 'SAGE_ID_CLIENT_ID', 'SAGE_ID_CLIENT_SECRET', 'SAGE_ID_URL',
];

async function runFor(port: number): Promise<{ endpoints: RunEndpoints; redactor: Redactor }> {
  const endpoints: RunEndpoints = {
    port,
    bankingServiceUrl: 'http://127.0.0.1:1',
    sageIdUrl: 'http://127.0.0.1:2',
    clientId: 'client-1',
    clientSecret: `client-secret-${port}`,
    audience: 'provider-api',
    apiKey: `api-key-${port}`,
    connectorPublicUrl: `http://127.0.0.1:${port}`,
    notificationHeaderName: 'x-provider-auth',
    notificationHeaderValue: `header-value-${port}`,
  };
  const redactor = createRedactor();
  registerCandidateSecrets(redactor, endpoints);
  return { endpoints, redactor };
}

/** What echo-candidate reports about itself. */
async function askCandidate(candidate: RunningCandidate): Promise<{ envNames: string[]; pid: number; pgid: number; childPid: number | null }> {
  const answer = await sendRequest({ method: 'GET', url: `${candidate.baseUrl}/`, timeoutMs: 5_000 });
  return JSON.parse(answer.response?.body.toString() ?? 'null') as { envNames: string[]; pid: number; pgid: number; childPid: number | null };
}

/** Alive and not a zombie (this machine's PID 1 does not reap orphans). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

async function launchFailure(promise: Promise<unknown>): Promise<{ error: LaunchError; elapsedMs: number }> {
  const started = performance.now();
  const error = await promise.then(() => undefined, (rejection: unknown) => rejection);
  expect(error).toBeInstanceOf(LaunchError);
  return { error: error as LaunchError, elapsedMs: performance.now() - started };
}

describe('process launcher', () => {
  const running: RunningCandidate[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((candidate) => candidate.stop()));
  });

  it('starts the candidate with the contract environment and nothing of the kit\'s own, and stops its group', async () => {
    const port = await findFreePort();
    const { endpoints, redactor } = await runFor(port);
    process.env['BSCK_TEST_KIT_ONLY'] = 'must-not-leak';
    const candidate = await createProcessLauncher({
      command: [process.execPath, fixture],
      environment: buildCandidateEnvironment({ endpoints, extra: { EXTRA_FLAG: '1' } }),
      port,
      redactor,
      readiness: { timeoutMs: 10_000 },
    }).start();
    running.push(candidate);
    delete process.env['BSCK_TEST_KIT_ONLY'];
    console.log(`process launcher: launch to ready in ${candidate.readyAfterMs.toFixed(0)} ms`);

    expect(candidate.kind).toBe('process');
    expect(candidate.baseUrl).toBe(`http://127.0.0.1:${port}`);
    expect(candidate.description).toBe(`${process.execPath} ${fixture}`);
    const report = await askCandidate(candidate);
    expect(report.envNames).toEqual(expect.arrayContaining([...CONTRACT_NAMES, 'EXTRA_FLAG', 'PATH']));
    expect(report.envNames).not.toContain('BSCK_TEST_KIT_ONLY');
    expect(report.pgid).toBe(report.pid);

    const logs = candidate.logs();
    expect(logs).toContain(`echo-candidate listening on 127.0.0.1:${port}`);
    expect(logs).toContain('client_secret=[REDACTED:client-secret]');
    expect(logs).not.toContain(endpoints.clientSecret);

    await candidate.stop();
    expect(await candidate.exited).toEqual({ code: 0, signal: null });
    expect(isProcessGroupAlive(report.pgid)).toBe(false);
    await candidate.stop();
  });

  it('runs a shell command line, and stopping it ends the whole tree, grandchildren included', async () => {
    const port = await findFreePort();
    const { redactor } = await runFor(port);
    const candidate = await createProcessLauncher({
      command: `FIXTURE_SPAWN_CHILD=1 exec ${JSON.stringify(process.execPath)} ${JSON.stringify(fixture)}`,
      environment: { PORT: String(port) },
      port,
      redactor,
    }).start();
    running.push(candidate);
    const report = await askCandidate(candidate);
    expect(report.childPid).not.toBeNull();
    expect(isRunning(report.childPid as number)).toBe(true);
    await candidate.stop();
    expect(isRunning(report.childPid as number)).toBe(false);
    expect(isProcessGroupAlive(report.pgid)).toBe(false);
  });

  it('fails at once, in one line quoting its last words, when the command exits before it is ready', async () => {
    const port = await findFreePort();
    const { redactor } = await runFor(port);
    const { error, elapsedMs } = await launchFailure(
      createProcessLauncher({ command: [process.execPath, fixture], environment: { PORT: String(port), FIXTURE_EXIT_CODE: '3' }, port, redactor, readiness: { timeoutMs: 20_000 } }).start(),
    );
    expect(error.message).toBe('candidate process exited with code 3 before it was ready: echo-candidate: refusing to start, FIXTURE_EXIT_CODE=3');
    expect(error.candidateLogs).toContain('FIXTURE_EXIT_CODE=3');
    console.log(`process launcher: a command that exits at once failed after ${elapsedMs.toFixed(0)} ms (timeout 20000 ms)`);
    expect(elapsedMs).toBeLessThan(2_000);
  });

  it('fails in one line when the command does not exist', async () => {
    const port = await findFreePort();
    const { redactor } = await runFor(port);
    const { error, elapsedMs } = await launchFailure(
      createProcessLauncher({ command: ['./no-such-connector', '--port'], environment: {}, port, redactor, readiness: { timeoutMs: 20_000 } }).start(),
    );
    expect(error.message).toBe('candidate command ./no-such-connector --port could not be started: spawn ./no-such-connector ENOENT');
    expect(elapsedMs).toBeLessThan(2_000);
  });

  it('fails at its timeout when the process never listens, and stops it', async () => {
    const port = await findFreePort();
    const { redactor } = await runFor(port);
    const silentPort = await findFreePort();
    const { error } = await launchFailure(
      createProcessLauncher({
        command: [process.execPath, fixture],
        // It listens, but on another port than the run gave it: the commonest integration mistake.
        environment: { PORT: String(silentPort) },
        port,
        redactor,
        readiness: { timeoutMs: 500 },
      }).start(),
    );
    expect(error.message).toBe(`candidate process at http://127.0.0.1:${port} refused connections for 500 ms: it must listen on 127.0.0.1:${port}, the port the run gave it`);
    const leftover = await sendRequest({ method: 'GET', url: `http://127.0.0.1:${silentPort}/`, timeoutMs: 1_000 });
    expect(leftover.failure?.kind).toBe('connection');
  });

  it('kills a candidate that ignores SIGTERM once the grace period is over', async () => {
    const port = await findFreePort();
    const { redactor } = await runFor(port);
    const candidate = await createProcessLauncher({
      command: [process.execPath, fixture],
      environment: { PORT: String(port), FIXTURE_IGNORE_SIGTERM: '1' },
      port,
      redactor,
      stopGraceMs: 300,
    }).start();
    running.push(candidate);
    const { pgid } = await askCandidate(candidate);
    const started = performance.now();
    await candidate.stop();
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(await candidate.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(candidate.logs()).toContain('echo-candidate: ignoring SIGTERM');
    expect(isProcessGroupAlive(pgid)).toBe(false);
  });

  it('leaves no candidate process behind when the kit gets Ctrl-C', async () => {
    const script = runChildScript('started-process-candidate.ts');
    try {
      const line = await script.waitForLine(/^candidate \{/, 20_000);
      const report = JSON.parse(line.slice('candidate '.length)) as { pid: number; pgid: number; childPid: number };
      expect(isProcessGroupAlive(report.pgid)).toBe(true);
      expect(isRunning(report.childPid)).toBe(true);
      script.child.kill('SIGINT');
      expect(await script.waitForExit(15_000)).toEqual({ code: 130, signal: null });
      expect(isProcessGroupAlive(report.pgid)).toBe(false);
      expect(isRunning(report.pid)).toBe(false);
      expect(isRunning(report.childPid)).toBe(false);
    } finally {
      script.child.kill('SIGKILL');
    }
  });
});
