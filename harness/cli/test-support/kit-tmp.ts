import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Caches the tools under the kit keep in TMPDIR across runs (tsx's compile cache, testcontainers' lock): not a run's leftovers. */
const TOOL_CACHES = [/^tsx-\d+$/, /^testcontainers-node-\d+\.lock$/];

export interface KitTmp {
  /** Give it to bsck as TMPDIR. */
  readonly path: string;
  /** What a run left there, bar the tools' caches: must be nothing once bsck has exited. */
  leftovers(): string[];
}

/** A TMPDIR for the bsck runs of one test file, under `dir`; shared by its runs so tsx's cache stays warm. */
export function createKitTmp(dir: string): KitTmp {
  const path = join(dir, 'tmp');
  mkdirSync(path, { recursive: true });
  return { path, leftovers: () => readdirSync(path).filter((name) => !TOOL_CACHES.some((cache) => cache.test(name))) };
}
