import { randomUUID } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  GenericContainer,
  SCRATCH_NODE_BINARY,
  SCRATCH_NODE_IMAGE_LABEL,
  Wait,
  createScratchNodeContext,
  findFreePort,
  imageExists,
  listContainersByLabel,
  listSharedLibraries,
  probeDockerEngine,
  removeContainersByLabel,
  removeImage,
  type StartedTestContainer,
} from './index.ts';

const HELLO_SERVER = fileURLToPath(new URL('./test-fixtures/hello-server.mjs', import.meta.url));
/** Set on every container these tests start, so the engine can be asked what they left behind. */
const TEST_RUN_LABEL = 'io.bsck.test-run';
const ENGINE_TIMEOUT_MS = 10_000;

const scratch = mkdtempSync(join(tmpdir(), 'bsck-scratch-node-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('createScratchNodeContext', () => {
  it('lays out node, its libraries, the files and a FROM-scratch Dockerfile, and disposes of them', async () => {
    const appFolder = join(scratch, 'app-folder');
    writeFileSync(join(scratch, 'config.json'), '{"a":1}');
    mkdirSync(join(appFolder, 'lib'), { recursive: true });
    writeFileSync(join(appFolder, 'lib', 'util.mjs'), 'export const x = 1;\n');

    const context = await createScratchNodeContext({
      files: { '/app/hello-server.mjs': HELLO_SERVER, '/etc/app/config.json': join(scratch, 'config.json'), '/srv/app': appFolder },
      entrypoint: [SCRATCH_NODE_BINARY, '/app/hello-server.mjs'],
      env: { GREETING: 'say "hi" to $HOME \\o/' },
      exposePort: 8080,
    });
    try {
      const rootfs = join(context.dir, 'rootfs');
      const node = join(rootfs, SCRATCH_NODE_BINARY);
      expect(statSync(node).size).toBe(statSync(process.execPath).size);
      expect(() => accessSync(node, constants.X_OK)).not.toThrow();
      for (const library of await listSharedLibraries(process.execPath)) {
        expect(existsSync(join(rootfs, library)), library).toBe(true);
      }
      expect(readFileSync(join(rootfs, 'app/hello-server.mjs'), 'utf8')).toBe(readFileSync(HELLO_SERVER, 'utf8'));
      expect(readFileSync(join(rootfs, 'etc/app/config.json'), 'utf8')).toBe('{"a":1}');
      expect(readFileSync(join(rootfs, 'srv/app/lib/util.mjs'), 'utf8')).toBe('export const x = 1;\n');
      expect(statSync(join(rootfs, 'tmp')).mode & 0o7777).toBe(0o1777);

      const dockerfile = readFileSync(join(context.dir, 'Dockerfile'), 'utf8').split('\n');
      expect(dockerfile.filter((line) => !line.startsWith('#'))).toEqual([
        'FROM scratch',
        `LABEL ${SCRATCH_NODE_IMAGE_LABEL}="true"`,
        'COPY rootfs/ /',
        'ENV GREETING="say \\"hi\\" to \\$HOME \\\\o/"',
        'EXPOSE 8080',
        `ENTRYPOINT ["${SCRATCH_NODE_BINARY}","/app/hello-server.mjs"]`,
        '',
      ]);
    } finally {
      await context.dispose();
    }
    expect(existsSync(context.dir)).toBe(false);
    await context.dispose();
  });

  // Titles name the case, never the options: those hold host paths, and titles must not change between machines.
  it.each([
    ['an empty entrypoint', { entrypoint: [] }, /entrypoint must be a non-empty list/],
    ['a relative image path', { files: { 'app/x.mjs': HELLO_SERVER } }, /"app\/x\.mjs" is not an absolute, normalised file path/],
    ['an image path with ..', { files: { '/app/../etc/x': HELLO_SERVER } }, /is not an absolute, normalised file path/],
    ['a file where node goes', { files: { [SCRATCH_NODE_BINARY]: HELLO_SERVER } }, /is given twice \(or is where node or a library goes\)/],
    ["a file that would hold node's folder", { files: { '/usr/local': HELLO_SERVER } }, /\/usr\/local\/bin\/node would be inside \/usr\/local/],
    ['a missing host file', { files: { '/app/x.mjs': '/nonexistent/x.mjs' } }, /host file \/nonexistent\/x\.mjs \(for \/app\/x\.mjs\) does not exist/],
    ['an invalid env name', { env: { 'BAD-NAME': 'x' } }, /env name "BAD-NAME" is not a valid variable name/],
    ['a newline in an env value', { env: { MULTI: 'a\nb' } }, /env MULTI holds a control character/],
    ['a port out of range', { exposePort: 70_000 }, /exposePort 70000 is not a TCP port/],
  ])('refuses %s before copying anything', async (_case, override, message) => {
    const before = new Set(scratchContextsInTmp());
    await expect(createScratchNodeContext({ files: {}, entrypoint: [SCRATCH_NODE_BINARY], ...override })).rejects.toThrow(message);
    expect(scratchContextsInTmp().filter((name) => !before.has(name))).toEqual([]);
  });
});

function scratchContextsInTmp(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('bsck-scratch-node-') && !name.startsWith('bsck-scratch-node-test-'));
}

describe('a FROM-scratch node image on the Docker engine', () => {
  it('builds, starts on the host network, serves HTTP from node as PID 1, and leaves nothing behind', { timeout: 180_000 }, async (ctx) => {
    const engine = await probeDockerEngine(5_000);
    if (!engine.available) {
      // CI installs and starts the engine (.ci/run): there, a missing engine is a failure, never a skip.
      if (process.env['CI'] === 'true') throw new Error(`CI=true but no Docker engine answers: ${engine.reason}`);
      return ctx.skip(`no Docker engine answers locally: ${engine.reason}`);
    }
    const runId = randomUUID();
    const imageName = `bsck-scratch-node-test:${runId}`;
    const runLabel = `${TEST_RUN_LABEL}=${runId}`;
    const context = await createScratchNodeContext({
      files: { '/app/hello-server.mjs': HELLO_SERVER },
      entrypoint: [SCRATCH_NODE_BINARY, '/app/hello-server.mjs'],
      env: { GREETING: 'hello from scratch' },
    });
    let container: StartedTestContainer | undefined;
    try {
      const buildStarted = performance.now();
      const image = await GenericContainer.fromDockerfile(context.dir).build(imageName, { deleteOnExit: false });
      const buildMs = Math.round(performance.now() - buildStarted);

      const port = await findFreePort();
      const startStarted = performance.now();
      container = await image
        .withNetworkMode('host')
        .withEnvironment({ PORT: String(port) })
        .withLabels({ [TEST_RUN_LABEL]: runId })
        // The image has no shell, so nothing may exec into it (Wait.forListeningPorts does). And on the host
        // network there is no port binding for Wait.forHttp to read: it only times out. The server's own line it is.
        .withWaitStrategy(Wait.forLogMessage(`hello-server listening on 127.0.0.1:${port}`))
        .withStartupTimeout(30_000)
        .start();
      const startMs = Math.round(performance.now() - startStarted);
      console.log(`scratch node image: built in ${buildMs} ms, container started in ${startMs} ms`);

      const response = await fetch(`http://127.0.0.1:${port}/ready?from=test`, { signal: AbortSignal.timeout(5_000) });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ greeting: 'hello from scratch', node: process.version, pid: 1, path: '/ready?from=test' });
    } finally {
      await runEvery([
        () => container?.stop({ timeout: 5_000 }),
        // A start that failed (its wait timing out) leaves the container running with no handle to stop it by.
        () => removeContainersByLabel(runLabel, ENGINE_TIMEOUT_MS),
        () => removeImage(imageName, ENGINE_TIMEOUT_MS),
        () => context.dispose(),
      ]);
    }
    expect(await listContainersByLabel(runLabel, ENGINE_TIMEOUT_MS)).toEqual([]);
    expect(await imageExists(imageName, ENGINE_TIMEOUT_MS)).toBe(false);
  });
});

/** Runs every cleanup step even when one fails, then reports the failures together. */
async function runEvery(steps: ReadonlyArray<() => Promise<unknown> | undefined>): Promise<void> {
  const failures: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `cleanup failed: ${failures.map(String).join('; ')}`);
}
