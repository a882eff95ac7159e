import { request } from 'node:http';

/**
 * Reaching the local Docker engine over its unix socket with nothing but node:http. The kit asks the engine
 * only small questions (is it there, what is left behind, remove this image), and a plain request answers them
 * faster than starting testcontainers' runtime client, which also probes for compose, auth and host addresses.
 */

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

export type DockerEngineProbe =
  | { readonly available: true; readonly version: string; readonly apiVersion: string; readonly socketPath: string }
  | { readonly available: false; readonly reason: string };

export interface DockerEngineResponse {
  readonly statusCode: number;
  readonly body: string;
}

export interface DockerEngineRequest {
  readonly method?: 'GET' | 'POST' | 'DELETE';
  /** Engine API path with its query, e.g. `/containers/json?all=true`. */
  readonly path: string;
  readonly timeoutMs: number;
  readonly socketPath?: string;
}

/**
 * The socket the engine listens on: DOCKER_HOST when it names a unix socket (as the docker CLI and
 * testcontainers honour it), else Docker's default. A tcp:// DOCKER_HOST is returned as is so the probe can
 * say plainly that this kit only talks to a local socket.
 */
export function dockerSocketPath(env: NodeJS.ProcessEnv = process.env): string {
  const dockerHost = env['DOCKER_HOST'];
  if (dockerHost === undefined || dockerHost === '') return DEFAULT_DOCKER_SOCKET;
  return dockerHost.startsWith('unix://') ? dockerHost.slice('unix://'.length) : dockerHost;
}

/**
 * One request to the engine API. The whole exchange, connect to last body byte, is bounded by `timeoutMs`: a
 * socket that accepts and never answers (a wedged dockerd) must cost its timeout, never the run.
 */
export function dockerEngineRequest(options: DockerEngineRequest): Promise<DockerEngineResponse> {
  const socketPath = options.socketPath ?? dockerSocketPath();
  const method = options.method ?? 'GET';
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: options.path, method, headers: { host: 'docker' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(deadline);
        resolve({ statusCode: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', fail);
    });
    const deadline = setTimeout(
      () => req.destroy(new Error(`Docker engine at ${socketPath} did not answer ${method} ${options.path} within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    function fail(error: Error): void {
      clearTimeout(deadline);
      reject(error);
    }
    req.on('error', fail);
    req.end();
  });
}

/** Whether an engine answers on the socket, and which version, within `timeoutMs`. Never throws. */
export async function probeDockerEngine(timeoutMs: number, options: { socketPath?: string } = {}): Promise<DockerEngineProbe> {
  const socketPath = options.socketPath ?? dockerSocketPath();
  if (!socketPath.startsWith('/')) {
    return { available: false, reason: `DOCKER_HOST=${socketPath} is not a unix socket; point it at a local engine's socket (unix:///var/run/docker.sock)` };
  }
  let response: DockerEngineResponse;
  try {
    response = await dockerEngineRequest({ path: '/version', timeoutMs, socketPath });
  } catch (error) {
    return { available: false, reason: describeConnectionError(error, socketPath) };
  }
  if (response.statusCode !== 200) {
    return { available: false, reason: `Docker engine at ${socketPath} answered HTTP ${response.statusCode} to GET /version` };
  }
  const version = parseVersion(response.body);
  if (version === undefined) {
    return { available: false, reason: `${socketPath} answered GET /version with something that is not a Docker engine version` };
  }
  return { available: true, ...version, socketPath };
}

export interface ContainerSummary {
  readonly Id: string;
  readonly State: string;
  readonly Labels: Readonly<Record<string, string>>;
}

/** Every container, running or not, carrying `label` (`key` or `key=value`): what a test leaves behind. */
export async function listContainersByLabel(label: string, timeoutMs: number): Promise<ContainerSummary[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [label] }));
  const response = await dockerEngineRequest({ path: `/containers/json?all=true&filters=${filters}`, timeoutMs });
  if (response.statusCode !== 200) throw new Error(`Docker engine answered HTTP ${response.statusCode} listing containers labelled ${label}: ${response.body.trim()}`);
  return JSON.parse(response.body) as ContainerSummary[];
}

/**
 * Force-removes every container carrying `label`, running or not, with its anonymous volumes; returns how many.
 * A container whose start failed (a wait strategy timing out) keeps running with no handle to stop it by:
 * this is how cleanup still finds it.
 */
export async function removeContainersByLabel(label: string, timeoutMs: number): Promise<number> {
  const containers = await listContainersByLabel(label, timeoutMs);
  for (const { Id } of containers) {
    const response = await dockerEngineRequest({ method: 'DELETE', path: `/containers/${Id}?force=true&v=true`, timeoutMs });
    if (response.statusCode !== 204 && response.statusCode !== 404) {
      throw new Error(`Docker engine answered HTTP ${response.statusCode} removing container ${Id}: ${response.body.trim()}`);
    }
  }
  return containers.length;
}

/**
 * Removes an image by name or id (untagging it and deleting its now unused layers). Returns false when there
 * was no such image, so cleanup code can call it whether or not the build got that far. Remove the containers
 * using it first: with one still running, the engine only untags it and keeps the layers.
 */
export async function removeImage(image: string, timeoutMs: number): Promise<boolean> {
  const response = await dockerEngineRequest({ method: 'DELETE', path: `/images/${encodeURIComponent(image)}?force=true`, timeoutMs });
  if (response.statusCode === 404) return false;
  if (response.statusCode !== 200) throw new Error(`Docker engine answered HTTP ${response.statusCode} removing image ${image}: ${response.body.trim()}`);
  return true;
}

/** Whether the engine has an image of that name or id. */
export async function imageExists(image: string, timeoutMs: number): Promise<boolean> {
  const response = await dockerEngineRequest({ path: `/images/${encodeURIComponent(image)}/json`, timeoutMs });
  if (response.statusCode === 404) return false;
  if (response.statusCode !== 200) throw new Error(`Docker engine answered HTTP ${response.statusCode} inspecting image ${image}: ${response.body.trim()}`);
  return true;
}

function parseVersion(body: string): { version: string; apiVersion: string } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { Version, ApiVersion } = parsed as Record<string, unknown>;
  if (typeof Version !== 'string' || typeof ApiVersion !== 'string') return undefined;
  return { version: Version, apiVersion: ApiVersion };
}

function describeConnectionError(error: unknown, socketPath: string): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined;
  switch (code) {
    case 'ENOENT':
      return `no Docker engine socket at ${socketPath}: start dockerd (see .ci/run)`;
    case 'ECONNREFUSED':
      return `nothing listens on ${socketPath} (a stale socket?): start dockerd (see .ci/run)`;
    case 'EACCES':
      return `no permission to use ${socketPath}: run as root or join the docker group`;
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
