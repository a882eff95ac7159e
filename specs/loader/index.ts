export type { ApiName } from './api-names.ts';
export { API_NAMES, bundledSpecPath } from './api-names.ts';
export type { ApiValidator, HttpRequestShape, LoadSpecOptions, SpecFinding, SpecSet, ValidationOutcome } from './types.ts';
export { loadApiValidator } from './load-api-validator.ts';
export { loadSpecSet } from './spec-set.ts';
export { SpecLoadError } from './spec-load-error.ts';
