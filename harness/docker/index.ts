export {
  DEFAULT_DOCKER_SOCKET,
  dockerEngineRequest,
  dockerSocketPath,
  imageExists,
  listContainersByLabel,
  probeDockerEngine,
  removeContainersByLabel,
  removeImage,
} from './docker-engine.ts';
export type { ContainerSummary, DockerEngineProbe, DockerEngineRequest, DockerEngineResponse } from './docker-engine.ts';
export { findFreePort } from './free-port.ts';
export { SCRATCH_NODE_BINARY, SCRATCH_NODE_IMAGE_LABEL, createScratchNodeContext, renderDockerfile } from './scratch-node-context.ts';
export type { ScratchNodeContext, ScratchNodeContextOptions } from './scratch-node-context.ts';
export { listSharedLibraries, parseLddOutput } from './shared-libraries.ts';
export { GenericContainer, Wait } from './testcontainers.ts';
export type { StartedTestContainer } from './testcontainers.ts';
