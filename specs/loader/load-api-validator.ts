import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { API_NAMES, isApiName, type ApiName } from './api-names.ts';
import { buildApiValidator } from './build-validator.ts';
import { loadDocument } from './load-document.ts';
import { digestOf } from './read-spec-file.ts';
import { SpecLoadError } from './spec-load-error.ts';
import type { ApiValidator } from './types.ts';

const validators = new Map<string, Promise<ApiValidator>>();

/**
 * Loads one document and builds its validator, once per document per process: the same API, file and bytes
 * give the same validator (compiling Ajv schemas is the expensive part of start-up). A file whose bytes changed
 * is loaded afresh; a failed load is not remembered, so a fixed file can be retried.
 */
export async function loadApiValidator(api: ApiName, file: string): Promise<ApiValidator> {
  if (!isApiName(api)) throw new SpecLoadError(file, `unknown API name "${String(api)}" (known: ${API_NAMES.join(', ')})`);
  const key = `${api}\u0000${resolve(file)}\u0000${await currentDigest(file)}`;
  let pending = validators.get(key);
  if (pending === undefined) {
    pending = loadDocument(file).then((loaded) => buildApiValidator(api, loaded));
    validators.set(key, pending);
    pending.catch(() => validators.delete(key));
  }
  return pending;
}

/** The bytes' digest, or a marker when unreadable (loadDocument then reports why, in one line). */
async function currentDigest(file: string): Promise<string> {
  try {
    return digestOf(await readFile(file));
  } catch {
    return 'unreadable';
  }
}
