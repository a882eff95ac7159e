export { DEFAULT_STOP_GRACE_MS, LaunchError } from './launcher.ts';
export type { CandidateExit, CandidateImage, CandidateLauncher, RunningCandidate } from './launcher.ts';
export {
  CandidateEnvironmentError,
  DEFAULT_ENVIRONMENT_MAPPING,
  TEMPLATE_VARIABLES,
  buildCandidateEnvironment,
  candidateSecretsOf,
  registerCandidateSecrets,
} from './candidate-environment.ts';
export type { CandidateEnvironmentInput, RunEndpoints, TemplateVariable } from './candidate-environment.ts';
export { DEFAULT_READINESS_TIMEOUT_MS, waitUntilReady } from './wait-until-ready.ts';
export type { ReadinessOptions, ReadyResult, WaitUntilReadyInput } from './wait-until-ready.ts';
export { DEFAULT_INHERITED_VARIABLES, createProcessLauncher } from './process-launcher.ts';
export type { ProcessLaunchOptions } from './process-launcher.ts';
export { createUrlLauncher } from './url-launcher.ts';
export type { UrlLaunchOptions } from './url-launcher.ts';
export { CANDIDATE_CONTAINER_LABEL, createContainerLauncher } from './container-launcher.ts';
export type { ContainerImageSource, ContainerLaunchOptions } from './container-launcher.ts';
export { DOCKER_HOST_ALIAS, containerNetworkSettings, endpointsForBridgeNetwork } from './container-network.ts';
export type { ContainerNetwork, ContainerNetworkSettings } from './container-network.ts';
export { cleanupAll, cleanupRegistry, createCleanupRegistry, installSignalHandlers, registerCleanup } from './cleanup-registry.ts';
export type { CleanupOptions, CleanupRegistration, CleanupRegistry, CleanupReport } from './cleanup-registry.ts';
export { isProcessGroupAlive, stopProcessGroup } from './process-group.ts';
export { telltaleLine, watchForUnexpectedExit } from './unexpected-exit.ts';
export type { ExitWatch } from './unexpected-exit.ts';
