import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { API_NAMES, BUNDLED_SPEC_FOLDER, bundledSpecPath, type ApiName } from './api-names.ts';
import { loadApiValidator } from './load-api-validator.ts';
import { SpecLoadError } from './spec-load-error.ts';
import type { ApiValidator, LoadSpecOptions, SpecSet } from './types.ts';

const SPEC_EXTENSIONS = Object.freeze(['.yaml', '.yml', '.json']);

const specSets = new Map<string, Promise<SpecSet>>();

/**
 * The four API validators, memoised per folder per process. A folder holds `<api>.yaml|yml|json` per API; an
 * API the folder lacks comes from the bundled document. Each validator's `source` says which file it came from.
 */
export function loadSpecSet(options: LoadSpecOptions = {}): Promise<SpecSet> {
  const folder = resolve(options.folder ?? BUNDLED_SPEC_FOLDER);
  let pending = specSets.get(folder);
  if (pending === undefined) {
    pending = loadSpecSetFrom(folder, bundledSpecPath);
    specSets.set(folder, pending);
    pending.catch(() => specSets.delete(folder));
  }
  return pending;
}

/** loadSpecSet without the memo and with the fallback injectable, so the fallback itself can be tested. */
export async function loadSpecSetFrom(folder: string, fallback: (api: ApiName) => string): Promise<SpecSet> {
  const folderStat = await stat(folder).catch(() => undefined);
  if (folderStat === undefined) throw new SpecLoadError(folder, 'spec folder not found');
  if (!folderStat.isDirectory()) throw new SpecLoadError(folder, 'is a file, not a spec folder');
  const files = await Promise.all(API_NAMES.map(async (api) => (await specFileIn(folder, api)) ?? fallback(api)));
  const settled = await Promise.allSettled(API_NAMES.map((api, index) => loadApiValidator(api, files[index] as string)));
  const failure = settled.find((result) => result.status === 'rejected');
  // One line per error by contract: the first failing API, in API_NAMES order, so the report is stable.
  if (failure !== undefined) throw failure.reason;
  const validators = settled.map((result) => (result as PromiseFulfilledResult<ApiValidator>).value);
  return Object.freeze(Object.fromEntries(API_NAMES.map((api, index) => [api, validators[index]]))) as SpecSet;
}

async function specFileIn(folder: string, api: ApiName): Promise<string | undefined> {
  const candidates = SPEC_EXTENSIONS.map((extension) => join(folder, `${api}${extension}`));
  const present: string[] = [];
  for (const candidate of candidates) {
    if ((await stat(candidate).catch(() => undefined))?.isFile() === true) present.push(candidate);
  }
  if (present.length > 1) {
    throw new SpecLoadError(join(folder, `${api}.*`), `more than one spec file for ${api} (${present.join(', ')}); keep one`);
  }
  return present[0];
}
