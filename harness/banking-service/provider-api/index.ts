export { authenticateProvider } from './authenticate.ts';
export type { Authentication, TokenVerifier } from './authenticate.ts';
export { PROVIDER_OPERATIONS, PROVIDER_OPERATION_IDS, providerApiRoutes } from './provider-api.ts';
export type { ProviderApiContext } from './provider-api-context.ts';
export { RateLimiter } from './rate-limiter.ts';
export type { RateDecision, RateLimitOptions } from './rate-limiter.ts';
export { DEFAULT_STATEMENT_PROCESSING_MS, StatementProcessor } from './statement-processor.ts';
export type { StatementProcessorOptions } from './statement-processor.ts';
