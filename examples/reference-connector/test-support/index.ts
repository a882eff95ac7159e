export { startStandIn, type RecordedRequest, type StandInReply, type StandInServer } from './http-stand-in.ts';
export { startSageIdStandIn, type SageIdStandIn } from './sage-id-stand-in.ts';
export { startProviderApiStandIn, type ProviderApiStandIn } from './provider-api-stand-in.ts';
export { FAST_TIMING, notify, startConnectorUnderTest, TEST_SECRETS, type RunningConnector } from './connector-harness.ts';
