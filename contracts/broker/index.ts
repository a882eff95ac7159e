export { BrokerPublishingError, brokerSettingsFrom, brokerVerifierOptions, buildPublishContractsRequest, publishContracts } from './broker-publishing.ts';
export type { BrokerSettings, BrokerVerifierOptions, ConsumerVersionSelector, PacticipantVersion, PublishContractsBody, PublishContractsRequest } from './broker-publishing.ts';
