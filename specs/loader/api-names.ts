import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export type ApiName = 'connector-api' | 'provider-api' | 'consumer-api' | 'sage-id';

export const API_NAMES: readonly ApiName[] = Object.freeze(['connector-api', 'provider-api', 'consumer-api', 'sage-id'] as const);

export function isApiName(value: string): value is ApiName {
  return (API_NAMES as readonly string[]).includes(value);
}

/** The specs/ folder of this checkout: the documents the kit ships and certifies against by default. */
export const BUNDLED_SPEC_FOLDER: string = fileURLToPath(new URL('../', import.meta.url));

export function bundledSpecPath(api: ApiName): string {
  return join(BUNDLED_SPEC_FOLDER, `${api}.yaml`);
}
