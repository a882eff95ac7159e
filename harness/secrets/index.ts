export { MIN_SCANNED_SECRET_LENGTH, recordRunSecrets, RunSecrets } from './run-secrets.ts';
export type { KnownSecret, SecretSource } from './run-secrets.ts';
export { describeSecretHit, scanBytes, scanForSecrets } from './scan-for-secrets.ts';
export type { ScanOptions, SecretHit } from './scan-for-secrets.ts';
export { secretNeedles, SHORT_SECRET_LENGTH } from './secret-spellings.ts';
export type { SecretNeedle, Spelling } from './secret-spellings.ts';
