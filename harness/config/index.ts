export type { AuthConfig, BankConfig, BankingServiceConfig, BankingServicePorts, PinnedProviderConfig, BrowserStep, CandidateConfig, CertificationConfig, HookConfig, HookName, TestUser, TimeoutsConfig } from './config-types.ts';
export { HOOK_NAMES } from './config-types.ts';
export { ConfigError, readConfigFile, schemaProblems } from './read-config-file.ts';
export { DEFAULT_TIMEOUTS, HOOK_CAPABILITIES, preflightConfig } from './preflight.ts';
export type { CandidateSpec, ResolvedConfig } from './preflight.ts';
export { renderTemplate, renderTemplateDeep, templateVariablesIn, TemplateError, HOOK_TEMPLATE_VARIABLES, RUN_TEMPLATE_VARIABLES } from './templates.ts';
export { PINNED_SECRET_FIELDS, resolvePinnedBankingService } from './pinned-banking-service.ts';
export type { PinnedBankingService } from './pinned-banking-service.ts';
export { environmentVariableOf } from './templates.ts';
