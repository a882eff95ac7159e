export { startSageId } from './sage-id.ts';
export type { SageId, SageIdOptions } from './sage-id.ts';
export type { SageIdClientRegistration } from './client-registry.ts';
export type { TokenRejectionReason, TokenVerification, VerifiedToken } from './verify-token.ts';
export { DEFAULT_TOKEN_LIFETIME_SECONDS } from './token-issuer.ts';
export { JWKS_PATH } from './jwks-endpoint.ts';
export { TOKEN_PATH } from './token-endpoint.ts';
