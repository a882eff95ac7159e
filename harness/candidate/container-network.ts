import type { RunEndpoints } from './candidate-environment.ts';

/**
 * How a container candidate reaches the kit and the kit reaches it (design §4).
 *
 * - `host` (default, Linux): the container shares the host's network; everything stays on 127.0.0.1, the
 *   candidate listens on PORT and the simulator URLs work unchanged. The only mode this project's tests and
 *   CI use: no bridge network exists there (dockerd runs with --bridge=none).
 * - `bridge` (Docker Desktop, where host networking does not reach the host): the container gets its own
 *   network; PORT is published on the host under the same number, so CONNECTOR_PUBLIC_URL holds, and the
 *   kit's servers are reached as host.docker.internal (mapped to the host gateway). The candidate must then
 *   listen on 0.0.0.0, and the kit's servers must listen on an address the gateway reaches.
 */
export type ContainerNetwork = 'host' | 'bridge';

export const DOCKER_HOST_ALIAS = 'host.docker.internal';

export interface ContainerNetworkSettings {
  readonly networkMode: ContainerNetwork;
  readonly extraHosts: ReadonlyArray<{ readonly host: string; readonly ipAddress: string }>;
  readonly publishedPorts: ReadonlyArray<{ readonly container: number; readonly host: number }>;
}

export function containerNetworkSettings(network: ContainerNetwork, port: number): ContainerNetworkSettings {
  if (network === 'host') return { networkMode: 'host', extraHosts: [], publishedPorts: [] };
  return { networkMode: 'bridge', extraHosts: [{ host: DOCKER_HOST_ALIAS, ipAddress: 'host-gateway' }], publishedPorts: [{ container: port, host: port }] };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function throughHostGateway(url: string): string {
  const parsed = new URL(url);
  if (!LOOPBACK_HOSTS.has(parsed.hostname)) return url;
  parsed.hostname = DOCKER_HOST_ALIAS;
  // URL keeps a trailing "/" on a bare origin; the run's URLs have none.
  return url.endsWith('/') ? parsed.toString() : parsed.toString().replace(/\/$/, '');
}

/**
 * The endpoints as a bridge-networked container must see them: the kit's loopback URLs point at the host
 * through host.docker.internal. CONNECTOR_PUBLIC_URL is the kit's way in, on the host, so it stays.
 */
export function endpointsForBridgeNetwork(endpoints: RunEndpoints): RunEndpoints {
  return { ...endpoints, bankingServiceUrl: throughHostGateway(endpoints.bankingServiceUrl), sageIdUrl: throughHostGateway(endpoints.sageIdUrl) };
}
