import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import {
  GenericContainer,
  SCRATCH_NODE_BINARY,
  createScratchNodeContext,
  dockerEngineRequest,
  findFreePort,
  imageExists,
  listContainersByLabel,
  probeDockerEngine,
  removeImage,
  type DockerEngineProbe,
  type ScratchNodeContext,
} from '../docker/index.ts';
import { sendRequest } from '../http/index.ts';
import { createRedactor, type Redactor } from '../traffic/index.ts';
import { buildCandidateEnvironment, registerCandidateSecrets, type RunEndpoints } from './candidate-environment.ts';
import { scratchNodeImport } from '../docker/scratch-node-import.ts';
import { CANDIDATE_CONTAINER_LABEL, createContainerLauncher, importContainerImage, prepareContainerImage } from './container-launcher.ts';
import { runChildScript } from './fixtures/child-script.ts';
import { LaunchError, type RunningCandidate } from './launcher.ts';

const fixture = fileURLToPath(new URL('./fixtures/echo-candidate.mjs', import.meta.url));
const ENGINE_TIMEOUT_MS = 15_000;

let probe: DockerEngineProbe = { available: false, reason: 'not probed yet' };
let context: ScratchNodeContext | undefined;
const imageName = `bsck-candidate-test-${randomUUID().slice(0, 8)}:1`;

/** Container tests run for real in CI; locally they skip, saying why, only when no engine answers. */
function requireDocker(ctx: TestContext): void {
  if (probe.available) return;
  if (process.env['CI'] === 'true') throw new Error(`CI=true but no Docker engine answers: ${probe.reason}`);
  ctx.skip(`no Docker engine answers locally: ${probe.reason}`);
}

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

async function launchFailure(promise: Promise<unknown>): Promise<{ error: LaunchError; elapsedMs: number }> {
  const started = performance.now();
  const error = await promise.then(() => undefined, (rejection: unknown) => rejection);
  expect(error).toBeInstanceOf(LaunchError);
  return { error: error as LaunchError, elapsedMs: performance.now() - started };
}

const leftoverContainers = async () => (await listContainersByLabel(CANDIDATE_CONTAINER_LABEL, ENGINE_TIMEOUT_MS)).map((container) => container.Id);

beforeAll(async () => {
  probe = await probeDockerEngine(5_000);
  if (!probe.available) return;
  // No base image can be pulled here: the fixture image is the host's node and the fixture script, FROM scratch.
  context = await createScratchNodeContext({ files: { '/app/echo-candidate.mjs': fixture }, entrypoint: [SCRATCH_NODE_BINARY, '/app/echo-candidate.mjs'] });
  const started = performance.now();
  await GenericContainer.fromDockerfile(context.dir).build(imageName, { deleteOnExit: false });
  console.log(`container launcher: fixture image built in ${(performance.now() - started).toFixed(0)} ms`);
}, 120_000);

afterAll(async () => {
  if (probe.available) await removeImage(imageName, ENGINE_TIMEOUT_MS);
  await context?.dispose();
});

describe('container launcher', () => {
  const running: RunningCandidate[] = [];
  afterAll(async () => {
    await Promise.all(running.map((candidate) => candidate.stop()));
    if (probe.available) expect(await leftoverContainers()).toEqual([]);
  });

  it('runs an image from the local engine on the host network with the contract environment, and removes the container on stop', async (ctx) => {
    requireDocker(ctx);
    const port = await findFreePort();
    const { endpoints, redactor } = await runFor(port);
    const candidate = await createContainerLauncher({
      source: { image: imageName },
      environment: buildCandidateEnvironment({ endpoints }),
      port,
      redactor,
      readiness: { timeoutMs: 20_000 },
    }).start();
    running.push(candidate);
    console.log(`container launcher: launch to ready in ${candidate.readyAfterMs.toFixed(0)} ms (image present)`);

    const inspected = JSON.parse((await dockerEngineRequest({ path: `/images/${encodeURIComponent(imageName)}/json`, timeoutMs: ENGINE_TIMEOUT_MS })).body) as { Id: string };
    expect(candidate.image).toEqual({ name: imageName, id: inspected.Id, repoDigests: [], built: false });
    expect(candidate.description).toBe(`image ${imageName} ${inspected.Id}`);
    expect(candidate.baseUrl).toBe(`http://127.0.0.1:${port}`);

    const answer = await sendRequest({ method: 'GET', url: `${candidate.baseUrl}/`, timeoutMs: 5_000 });
    const report = JSON.parse(answer.response?.body.toString() ?? 'null') as { envNames: string[]; pid: number };
    expect(report.envNames).toEqual(expect.arrayContaining(['PORT', 'BANKING_SERVICE_URL', 'SAGE_ID_CLIENT_SECRET', 'PROVIDER_API_KEY', 'NOTIFICATION_HEADER_VALUE']));
    expect(report.pid).toBe(1); // proof it answered from inside a container, not a stray local process

    const logs = candidate.logs();
    expect(logs).toContain(`echo-candidate listening on 127.0.0.1:${port}`);
    expect(logs).toContain('client_secret=[REDACTED:client-secret]');
    expect(logs).not.toContain(endpoints.clientSecret);

    await candidate.stop();
    expect(await candidate.exited).toEqual({ code: 0, signal: null });
    expect(await leftoverContainers()).toEqual([]);
    expect((await sendRequest({ method: 'GET', url: `${candidate.baseUrl}/`, timeoutMs: 1_000 })).failure?.kind).toBe('connection');
  });

  it('builds an image from a Dockerfile folder, runs it, and removes container and image on stop', async (ctx) => {
    requireDocker(ctx);
    const port = await findFreePort();
    const { redactor } = await runFor(port);
    const candidate = await createContainerLauncher({
      source: { dockerfileDir: (context as ScratchNodeContext).dir },
      environment: { PORT: String(port) },
      port,
      redactor,
      readiness: { timeoutMs: 20_000 },
    }).start();
    running.push(candidate);
    console.log(`container launcher: build + launch to ready in ${candidate.readyAfterMs.toFixed(0)} ms (image built from a Dockerfile folder)`);
    expect(candidate.image?.built).toBe(true);
    expect(candidate.image?.name).toMatch(/^bsck-candidate-[0-9a-f-]{36}:build$/);
    expect(candidate.description).toMatch(new RegExp(`^image built from ${(context as ScratchNodeContext).dir} sha256:[0-9a-f]{64}$`));
    expect(await imageExists(candidate.image?.name as string, ENGINE_TIMEOUT_MS)).toBe(true);
    await candidate.stop();
    expect(await imageExists(candidate.image?.name as string, ENGINE_TIMEOUT_MS)).toBe(false);
    expect(await leftoverContainers()).toEqual([]);
  });

  it('builds the image beforehand (prepareContainerImage), then starts it once the environment is known; stop removes both', async (ctx) => {
    requireDocker(ctx);
    const prepared = await prepareContainerImage({ dockerfileDir: (context as ScratchNodeContext).dir });
    expect(prepared.image.built).toBe(true);
    expect(await imageExists(prepared.image.name, ENGINE_TIMEOUT_MS)).toBe(true);
    const port = await findFreePort();
    const { redactor } = await runFor(port);
    const candidate = await createContainerLauncher({ source: { prepared }, environment: { PORT: String(port) }, port, redactor, readiness: { timeoutMs: 20_000 } }).start();
    running.push(candidate);
    expect(candidate.image).toEqual(prepared.image);
    expect(candidate.description).toBe(`image built from ${(context as ScratchNodeContext).dir} ${prepared.image.id}`);
    expect((await sendRequest({ method: 'GET', url: `${candidate.baseUrl}/`, timeoutMs: 5_000 })).response?.status).toBe(200);
    await candidate.stop();
    expect(await imageExists(prepared.image.name, ENGINE_TIMEOUT_MS)).toBe(false);
    expect(await leftoverContainers()).toEqual([]);
    await prepared.remove(); // a second removal, as the run's own disposal does, is harmless
  });

  it('removes a prepared image that never ran, and never removes an image it did not build', async (ctx) => {
    requireDocker(ctx);
    const built = await prepareContainerImage({ dockerfileDir: (context as ScratchNodeContext).dir });
    await built.remove();
    expect(await imageExists(built.image.name, ENGINE_TIMEOUT_MS)).toBe(false);
    const found = await prepareContainerImage({ image: imageName });
    expect(found.image).toMatchObject({ name: imageName, built: false });
    await found.remove();
    expect(await imageExists(imageName, ENGINE_TIMEOUT_MS)).toBe(true);
  });

  it('imports a root filesystem as an image (importContainerImage), runs it, and removes container and image on stop', async (ctx) => {
    requireDocker(ctx);
    const rootfs = await scratchNodeImport({ files: { '/app/echo-candidate.mjs': fixture }, entrypoint: [SCRATCH_NODE_BINARY, '/app/echo-candidate.mjs'] });
    const prepared = await importContainerImage({ ...rootfs, label: 'the echo candidate\'s root filesystem' });
    expect(prepared.image).toMatchObject({ name: expect.stringMatching(/^bsck-candidate-[0-9a-f-]{36}:import$/), id: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), built: true });
    const port = await findFreePort();
    const { redactor } = await runFor(port);
    const candidate = await createContainerLauncher({ source: { prepared }, environment: { PORT: String(port) }, port, redactor, readiness: { timeoutMs: 20_000 } }).start();
    running.push(candidate);
    const report = JSON.parse((await sendRequest({ method: 'GET', url: `${candidate.baseUrl}/`, timeoutMs: 5_000 })).response?.body.toString() ?? 'null') as { pid: number };
    expect(report.pid).toBe(1);
    await candidate.stop();
    expect(await imageExists(prepared.image.name, ENGINE_TIMEOUT_MS)).toBe(false);
    expect(await leftoverContainers()).toEqual([]);
  });

  it('fails an import the engine refuses in one line, leaving no image', async (ctx) => {
    requireDocker(ctx);
    const { Readable } = await import('node:stream');
    const { error } = await launchFailure(importContainerImage({ rootfs: () => Readable.from([Buffer.from('not a tar archive')]), changes: [], label: 'a broken root filesystem' }));
    expect(error.message).toMatch(/^importing a broken root filesystem as an image failed: /);
    expect(error.message).not.toContain('\n');
  });

  it('fails in one line, without trying to pull, when the image is not in the local engine', async (ctx) => {
    requireDocker(ctx);
    const port = await findFreePort();
    const { redactor } = await runFor(port);
    const { error, elapsedMs } = await launchFailure(
      createContainerLauncher({ source: { image: 'acme/connector:1' }, environment: {}, port, redactor, readiness: { timeoutMs: 20_000 } }).start(),
    );
    expect(error.message).toBe(
      'candidate image "acme/connector:1" not found in the local Docker engine; the kit never pulls images (none can be pulled here): build or load it first (docker build -t acme/connector:1 … / docker load)',
    );
    expect(elapsedMs).toBeLessThan(5_000);
  });

  it('fails at once, quoting its last words, when the container exits before it is ready, and removes it', async (ctx) => {
    requireDocker(ctx);
    const port = await findFreePort();
    const { redactor } = await runFor(port);
    const { error, elapsedMs } = await launchFailure(
      createContainerLauncher({
        source: { image: imageName },
        environment: { PORT: String(port), FIXTURE_EXIT_CODE: '3' },
        port,
        redactor,
        readiness: { timeoutMs: 20_000 },
      }).start(),
    );
    console.log(`container launcher: a container that exits at once failed after ${elapsedMs.toFixed(0)} ms (timeout 20000 ms)`);
    expect(error.message).toBe(`candidate container (image "${imageName}") exited with code 3 before it was ready: echo-candidate: refusing to start, FIXTURE_EXIT_CODE=3`);
    expect(elapsedMs).toBeLessThan(5_000);
    expect(await leftoverContainers()).toEqual([]);
  });

  it('fails in one line naming the base image when a Dockerfile builds FROM an image that cannot be pulled', async (ctx) => {
    requireDocker(ctx);
    const dir = await mkdtemp(join(tmpdir(), 'bsck-unpullable-'));
    try {
      // The .invalid top-level domain never resolves (RFC 2606): this fails the same way with or without a registry.
      await writeFile(join(dir, 'Dockerfile'), 'FROM bsck.invalid/no-such-base:1\nCMD ["node"]\n');
      const port = await findFreePort();
      const { redactor } = await runFor(port);
      const { error } = await launchFailure(createContainerLauncher({ source: { dockerfileDir: dir }, environment: {}, port, redactor }).start());
      expect(error.message).toBe(
        `building the candidate image from ${join(dir, 'Dockerfile')} failed: its base image bsck.invalid/no-such-base:1 is not in the local Docker engine and nothing can be pulled here: docker load it first, or build FROM scratch`,
      );
      expect(await leftoverContainers()).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves no container behind when the kit gets Ctrl-C', async (ctx) => {
    requireDocker(ctx);
    const script = runChildScript('started-container-candidate.ts', { CANDIDATE_IMAGE: imageName });
    try {
      await script.waitForLine(/^candidate ready at /, 30_000);
      expect(await leftoverContainers()).toHaveLength(1);
      script.child.kill('SIGINT');
      expect(await script.waitForExit(30_000)).toEqual({ code: 130, signal: null });
      expect(await leftoverContainers()).toEqual([]);
    } finally {
      script.child.kill('SIGKILL');
    }
  });
});
