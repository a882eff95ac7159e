/** The reference connector's public surface for the kit (launchers, detection matrix, sandbox). */
export { DEFAULT_TIMING, parseConfig, type ConnectorConfig, type ConnectorTiming, type Environment } from './config.ts';
export { createConnector, type Connector, type ConnectorOptions } from './connector.ts';
export { FAULT_CATALOGUE, FAULT_NAMES, isFaultName, type FaultDefinition, type FaultName } from './faults.ts';
export { listen, type RunningServer } from './server.ts';
export { TestBank, USER_FIXTURES } from './test-bank/index.ts';
