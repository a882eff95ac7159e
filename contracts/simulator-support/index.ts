export { startCallbackSink } from './callback-sink.ts';
export type { CallbackSink } from './callback-sink.ts';
export { ProviderActor, SEEDED_ACCOUNTS } from './provider-actor.ts';
export type { SeededAccount } from './provider-actor.ts';
export { VERIFICATION_REQUEST_HEADER, startSimulatorGateway } from './simulator-gateway.ts';
export type { GatewayExchange, SimulatorGateway } from './simulator-gateway.ts';
export { SimulatorDriveError, SimulatorProduct, recentRequestedStartDate } from './simulator-product.ts';
export type { AnnouncedAuthorisation, StartedOnboarding } from './simulator-product.ts';
