import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ContainerRuntimeClient, StartedTestContainer, WaitStrategy } from 'testcontainers';
import type { Redactor } from '../traffic/index.ts';
import { registerCleanup } from './cleanup-registry.ts';
import { containerNetworkSettings, type ContainerNetwork } from './container-network.ts';
import { dockerfileBaseImages } from './dockerfile-base-images.ts';
import { DEFAULT_STOP_GRACE_MS, LaunchError, firstLineOf, type CandidateExit, type CandidateImage, type CandidateLauncher, type RunningCandidate } from './launcher.ts';
import { createLogBuffer } from './log-buffer.ts';
import { formatExit, waitUntilReady, type ReadinessOptions } from './wait-until-ready.ts';

/*
 * Testcontainers is loaded only when a container candidate starts (loadTestcontainers), so these two lines run
 * before it is imported at all, whatever a future version reads at import time:
 * - Ryuk, the reaper container that removes leftovers, is an image that must be pulled, and no registry is
 *   reachable here: with it enabled the first container start fails. The cleanup registry does its job instead.
 * - Without a bridge network, testcontainers must be told the host it reaches containers on: 127.0.0.1.
 * `??=` keeps a value the caller set, so someone with a registry and a bridge can have the reaper back.
 */
process.env['TESTCONTAINERS_RYUK_DISABLED'] ??= 'true';
process.env['TESTCONTAINERS_HOST_OVERRIDE'] ??= '127.0.0.1';

const loadTestcontainers = () => import('testcontainers');
type Dockerode = ContainerRuntimeClient['container']['dockerode'];

/** Label on every candidate container: one value per launch, so cleanup finds a container whose start was interrupted. */
export const CANDIDATE_CONTAINER_LABEL = 'io.bsck.candidate-launch';

/** Where the image comes from, before it is found or built. */
export type UnpreparedImageSource =
  /** An image already in the local engine; nothing is ever pulled. */
  | { readonly image: string }
  /** A folder with a Dockerfile, built by the launcher and removed again on stop. */
  | { readonly dockerfileDir: string; readonly dockerfile?: string };

export type ContainerImageSource =
  | UnpreparedImageSource
  /** Found or built beforehand by prepareContainerImage (while the run's servers start); removed on stop if built. */
  | { readonly prepared: PreparedContainerImage };

/**
 * An image found in the engine or built from a Dockerfile folder before the run's environment is known: a build
 * needs no endpoint or secret, so it can proceed while the simulated Banking Service starts.
 */
export interface PreparedContainerImage {
  readonly image: CandidateImage;
  /** For messages: `image "acme/connector:1"` or `the image built from <folder>`. */
  readonly label: string;
  /** The Dockerfile folder it was built from, if it was. */
  readonly builtFrom: string | undefined;
  /** Removes the image if it was built here; safe to call more than once, and after a launcher removed it. */
  remove(): Promise<void>;
}

export interface PrepareImageOptions {
  /** For each question to the engine (not for builds). Default 15 s. */
  readonly engineTimeoutMs?: number;
  /** For building from a Dockerfile. Default 5 min. */
  readonly buildTimeoutMs?: number;
}

export interface ContainerLaunchOptions {
  readonly source: ContainerImageSource;
  /** From buildCandidateEnvironment (for bridge networking, built from endpointsForBridgeNetwork). */
  readonly environment: Readonly<Record<string, string>>;
  readonly port: number;
  readonly network?: ContainerNetwork;
  /** Replaces the image's CMD. */
  readonly command?: readonly string[];
  readonly readiness?: ReadinessOptions;
  readonly redactor: Redactor;
  /** Between `docker stop`'s SIGTERM and its SIGKILL; whole seconds. Default 5 s. */
  readonly stopGraceMs?: number;
  /** For each question to the engine (not for builds). Default 15 s. */
  readonly engineTimeoutMs?: number;
  /** For building from a Dockerfile. Default 5 min. */
  readonly buildTimeoutMs?: number;
  readonly maxLogBytes?: number;
}

const DEFAULT_ENGINE_TIMEOUT_MS = 15_000;
const DEFAULT_BUILD_TIMEOUT_MS = 5 * 60_000;

/**
 * Readiness is the launcher's own HTTP probe (waitUntilReady), not a testcontainers wait strategy: with host
 * networking there is no mapped port for Wait.forHttp to use, the port checks exec a shell a FROM-scratch image
 * does not have, and neither notices a container that has already exited. So testcontainers waits for nothing.
 */
class StartOnlyWaitStrategy implements WaitStrategy {
  private startupTimeoutMs = 0;
  async waitUntilReady(): Promise<void> {}
  withStartupTimeout(startupTimeoutMs: number): this {
    this.startupTimeoutMs = startupTimeoutMs;
    return this;
  }
  isStartupTimeoutSet(): boolean {
    return true;
  }
  getStartupTimeout(): number {
    return this.startupTimeoutMs;
  }
}

function statusCodeOf(error: unknown): number | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { statusCode?: unknown }).statusCode : undefined;
  return typeof code === 'number' ? code : undefined;
}

async function within<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new LaunchError(message)), timeoutMs)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Stops and removes every container of one launch; tolerant of any of them being gone. */
async function removeLaunchLeftovers(
  dockerode: Dockerode,
  launchId: string,
  graceSeconds: number,
  afterStop: () => Promise<unknown>,
): Promise<void> {
  const containers = await dockerode.listContainers({ all: true, filters: { label: [`${CANDIDATE_CONTAINER_LABEL}=${launchId}`] } });
  for (const summary of containers) {
    const container = dockerode.getContainer(summary.Id);
    if (summary.State === 'running') {
      await container.stop({ t: graceSeconds }).catch((error: unknown) => {
        if (statusCodeOf(error) !== 304 && statusCodeOf(error) !== 404) throw error;
      });
    }
    await afterStop();
    await container.remove({ force: true, v: true }).catch((error: unknown) => {
      if (statusCodeOf(error) !== 404) throw error;
    });
  }
}

async function removeImage(dockerode: Dockerode, name: string): Promise<void> {
  await dockerode.getImage(name).remove({ force: true }).catch((error: unknown) => {
    if (statusCodeOf(error) !== 404) throw error;
  });
}

/** Starts the candidate from a container image, the way providers ship connectors (design §2, §4). */
export function createContainerLauncher(options: ContainerLaunchOptions): CandidateLauncher {
  return { start: () => startContainer(options) };
}

async function engineClient(engineTimeoutMs: number): Promise<{ testcontainers: typeof import('testcontainers'); dockerode: Dockerode }> {
  const testcontainers = await loadTestcontainers();
  try {
    const client = await within(testcontainers.getContainerRuntimeClient(), engineTimeoutMs, `no Docker engine answered within ${engineTimeoutMs} ms`);
    return { testcontainers, dockerode: client.container.dockerode };
  } catch (error) {
    throw new LaunchError(`no Docker engine answers (${firstLineOf(error)}): start dockerd, or launch the candidate as a process or a URL`);
  }
}

/**
 * Finds the image in the local engine, or builds it from its Dockerfile folder under a tag of its own, and reads
 * its id. A built image is registered for cleanup at once (a build that outlived its timeout may still create it),
 * so an interruption at any point removes it.
 */
export async function prepareContainerImage(source: UnpreparedImageSource, options: PrepareImageOptions = {}): Promise<PreparedContainerImage> {
  const engineTimeoutMs = options.engineTimeoutMs ?? DEFAULT_ENGINE_TIMEOUT_MS;
  const { testcontainers, dockerode } = await engineClient(engineTimeoutMs);
  const builtImage = 'dockerfileDir' in source ? `bsck-candidate-${randomUUID()}:build` : undefined;
  const label = 'image' in source ? `image "${source.image}"` : `the image built from ${source.dockerfileDir}`;
  let inFlight: Promise<unknown> = Promise.resolve();
  const cleanup = builtImage === undefined
    ? undefined
    : registerCleanup(`candidate image (${label})`, async () => {
      await within(inFlight.catch(() => {}), engineTimeoutMs, 'in-flight build').catch(() => {});
      await removeImage(dockerode, builtImage);
    });
  try {
    if ('dockerfileDir' in source && builtImage !== undefined) {
      await buildImage(testcontainers.GenericContainer, dockerode, source, builtImage, options.buildTimeoutMs ?? DEFAULT_BUILD_TIMEOUT_MS, (building) => (inFlight = building));
    }
    const name = builtImage ?? ('image' in source ? source.image : '');
    const image = await inspectImage(dockerode, name, builtImage !== undefined, engineTimeoutMs);
    return { image, label, builtFrom: 'dockerfileDir' in source ? source.dockerfileDir : undefined, remove: async () => cleanup?.run() };
  } catch (error) {
    await cleanup?.run().catch(() => {});
    throw error;
  }
}

/** A root filesystem to `docker import` as an image, with Dockerfile instructions (ENV, ENTRYPOINT, …) to apply. */
export interface ImageImport {
  /** A fresh tar stream of the root filesystem. */
  readonly rootfs: () => NodeJS.ReadableStream;
  readonly changes: readonly string[];
  /** For messages and the manifest: what the image holds, e.g. `the reference connector's root filesystem`. */
  readonly label: string;
}

/**
 * Imports a root filesystem as an image under a tag of its own (no build container, one layer written straight
 * from the stream), registered for cleanup at once like a built image, and removed on stop like one.
 */
export async function importContainerImage(source: ImageImport, options: PrepareImageOptions = {}): Promise<PreparedContainerImage> {
  const engineTimeoutMs = options.engineTimeoutMs ?? DEFAULT_ENGINE_TIMEOUT_MS;
  const timeoutMs = options.buildTimeoutMs ?? DEFAULT_BUILD_TIMEOUT_MS;
  const { dockerode } = await engineClient(engineTimeoutMs);
  const repository = `bsck-candidate-${randomUUID()}`;
  const name = `${repository}:import`;
  let inFlight: Promise<unknown> = Promise.resolve();
  const cleanup = registerCleanup(`candidate image (${source.label})`, async () => {
    await within(inFlight.catch(() => {}), engineTimeoutMs, 'in-flight import').catch(() => {});
    await removeImage(dockerode, name);
  });
  try {
    const importing = dockerode.importImage(source.rootfs(), { repo: repository, tag: 'import', changes: [...source.changes] }).then(engineProgress);
    inFlight = importing;
    await within(importing, timeoutMs, `the import did not finish within ${timeoutMs} ms`).catch((error: unknown) => {
      throw new LaunchError(`importing ${source.label} as an image failed: ${firstLineOf(error)}`);
    });
    const image = await inspectImage(dockerode, name, true, engineTimeoutMs);
    return { image, label: source.label, builtFrom: undefined, remove: () => cleanup.run() };
  } catch (error) {
    await cleanup.run().catch(() => {});
    throw error;
  }
}

/** Reads an engine progress stream to its end; the engine reports a failure as a line with `error`, not a status. */
function engineProgress(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', (chunk: Buffer | string) => {
      text = (text + chunk.toString()).slice(-8_000);
    });
    stream.on('error', reject);
    stream.on('end', () => {
      const failed = text.split('\n').map((line) => {
        try {
          return (JSON.parse(line) as { error?: unknown }).error;
        } catch {
          return undefined;
        }
      }).find((error) => typeof error === 'string');
      if (failed === undefined) resolve();
      else reject(new Error(String(failed)));
    });
  });
}

async function startContainer(options: ContainerLaunchOptions): Promise<RunningCandidate> {
  const startedAt = performance.now();
  const engineTimeoutMs = options.engineTimeoutMs ?? DEFAULT_ENGINE_TIMEOUT_MS;
  const graceSeconds = Math.max(0, Math.ceil((options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS) / 1000));
  const { testcontainers, dockerode } = await engineClient(engineTimeoutMs);
  const { GenericContainer } = testcontainers;
  const source = options.source;
  const prepared = 'prepared' in source ? source.prepared : await prepareContainerImage(source, options);
  const { image, label: imageLabel } = prepared;
  const launchId = randomUUID();
  // A start that outlived its timeout may still create its container: cleanup waits for it (within bounds) so
  // that nothing appears after the leftovers were removed.
  let inFlight: Promise<unknown> = Promise.resolve();
  // The exit code is read from the stopped container; removing it first would lose it.
  let exited: Promise<CandidateExit> | undefined;
  const exitRecorded = () => within<unknown>(exited ?? Promise.resolve(), engineTimeoutMs, 'exit code').catch(() => {});
  const cleanup = registerCleanup(`candidate container (${imageLabel})`, async () => {
    await within(inFlight.catch(() => {}), engineTimeoutMs, 'in-flight engine call').catch(() => {});
    await removeLaunchLeftovers(dockerode, launchId, graceSeconds, exitRecorded);
    await prepared.remove();
  });
  const logs = createLogBuffer(options.redactor, options.maxLogBytes);

  try {
    const imageName = image.name;
    const network = containerNetworkSettings(options.network ?? 'host', options.port);
    let container = new GenericContainer(imageName)
      .withEnvironment({ ...options.environment })
      .withLabels({ [CANDIDATE_CONTAINER_LABEL]: launchId })
      .withNetworkMode(network.networkMode)
      .withWaitStrategy(new StartOnlyWaitStrategy())
      .withAutoRemove(false);
    if (network.extraHosts.length > 0) container = container.withExtraHosts(network.extraHosts.map((host) => ({ ...host })));
    if (network.publishedPorts.length > 0) container = container.withExposedPorts(...network.publishedPorts.map((port) => ({ ...port })));
    if (options.command !== undefined) container = container.withCommand([...options.command]);

    let logStreamEnded: () => void = () => {};
    const logsEnded = new Promise<void>((resolve) => (logStreamEnded = resolve));
    container = container.withLogConsumer((stream) => {
      stream.on('data', (chunk: string | Buffer) => logs.append(chunk));
      stream.on('end', logStreamEnded);
      stream.on('error', logStreamEnded);
    });

    let started: StartedTestContainer;
    try {
      const starting = container.start();
      inFlight = starting;
      started = await within(starting, engineTimeoutMs, `the engine did not start it within ${engineTimeoutMs} ms`);
    } catch (error) {
      throw new LaunchError(`candidate container from ${imageLabel} could not start: ${options.redactor.redactText(firstLineOf(error))}`);
    }
    // A followed log stream ends when the container stops: the cue to ask how it ended.
    const containerExited = logsEnded.then(async (): Promise<CandidateExit> => {
      const state = (await dockerode.getContainer(started.getId()).inspect().catch(() => undefined))?.State;
      return { code: state?.ExitCode ?? null, signal: null };
    });
    exited = containerExited;

    const baseUrl = `http://127.0.0.1:${options.port}`;
    const ready = await waitUntilReady({
      baseUrl,
      readiness: options.readiness,
      startedAt,
      subject: 'candidate container at',
      hint: `it must listen on port ${options.port}, given in the environment${network.networkMode === 'bridge' ? ', on 0.0.0.0' : ''}`,
      exited: containerExited,
      describeExit: (exit) => {
        const last = logs.lastLine();
        return `candidate container (${imageLabel}) exited with ${formatExit(exit)} before it was ready${last === undefined ? ' (it printed nothing)' : `: ${last}`}`;
      },
    });
    return {
      kind: 'container',
      baseUrl,
      description: describeImage(image, prepared.builtFrom),
      image,
      readyAfterMs: ready.elapsedMs,
      logs: () => logs.text(),
      exited: containerExited,
      stop: () => cleanup.run(),
    };
  } catch (error) {
    await cleanup.run().catch(() => {});
    if (error instanceof LaunchError) throw new LaunchError(error.message, logs.text());
    throw error;
  }
}

async function buildImage(
  GenericContainer: typeof import('testcontainers').GenericContainer,
  dockerode: Dockerode,
  source: { readonly dockerfileDir: string; readonly dockerfile?: string },
  tag: string,
  timeoutMs: number,
  onBuilding: (building: Promise<unknown>) => void,
): Promise<void> {
  const dir = resolve(source.dockerfileDir);
  const dockerfile = source.dockerfile ?? 'Dockerfile';
  const found = await stat(join(dir, dockerfile)).catch(() => undefined);
  if (found === undefined || !found.isFile()) throw new LaunchError(`candidate Dockerfile ${join(dir, dockerfile)} does not exist: point the config at the folder that holds it`);
  try {
    // deleteOnExit would hand the image to the reaper, which is disabled: the cleanup registry removes it.
    const building = GenericContainer.fromDockerfile(dir, dockerfile).build(tag, { deleteOnExit: false });
    onBuilding(building);
    await within(building, timeoutMs, `the build did not finish within ${timeoutMs} ms`);
  } catch (error) {
    const missing = await missingBaseImages(dockerode, join(dir, dockerfile));
    if (missing.length > 0) {
      throw new LaunchError(
        `building the candidate image from ${join(dir, dockerfile)} failed: its base image ${missing.join(', ')} is not in the local Docker engine and nothing can be pulled here: docker load it first, or build FROM scratch`,
      );
    }
    throw new LaunchError(`building the candidate image from ${join(dir, dockerfile)} failed: ${firstLineOf(error)} (run with DEBUG=testcontainers:build to see the build output)`);
  }
}

async function missingBaseImages(dockerode: Dockerode, dockerfilePath: string): Promise<string[]> {
  const text = await readFile(dockerfilePath, 'utf8').catch(() => '');
  const missing: string[] = [];
  for (const image of dockerfileBaseImages(text)) {
    const found = await dockerode.getImage(image).inspect().then(() => true, (error: unknown) => statusCodeOf(error) !== 404);
    if (!found) missing.push(image);
  }
  return missing;
}

async function inspectImage(dockerode: Dockerode, name: string, built: boolean, timeoutMs: number): Promise<CandidateImage> {
  try {
    const info = await within(dockerode.getImage(name).inspect(), timeoutMs, `the engine did not answer within ${timeoutMs} ms`);
    return Object.freeze({ name, id: info.Id, repoDigests: Object.freeze([...(info.RepoDigests ?? [])]), built });
  } catch (error) {
    if (statusCodeOf(error) === 404) {
      throw new LaunchError(`candidate image "${name}" not found in the local Docker engine; the kit never pulls images (none can be pulled here): build or load it first (docker build -t ${name} … / docker load)`);
    }
    throw new LaunchError(`could not inspect candidate image "${name}": ${firstLineOf(error)}`);
  }
}

function describeImage(image: CandidateImage, builtFrom: string | undefined): string {
  const origin = builtFrom === undefined ? `image ${image.name}` : `image built from ${resolve(builtFrom)}`;
  const digests = image.repoDigests.length > 0 ? ` (${image.repoDigests.join(', ')})` : '';
  return `${origin} ${image.id}${digests}`;
}
