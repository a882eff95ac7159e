import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundle } from '../../examples/reference-connector/scripts/build.ts';
import { SCRATCH_NODE_BINARY, type ScratchNodeContextOptions } from '../docker/index.ts';
import { scratchNodeImport } from '../docker/scratch-node-import.ts';
import type { ImageImport } from '../candidate/container-launcher.ts';

const kitRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The reference connector's own certification config: what `certify` uses when given no candidate. */
export const REFERENCE_CONFIG_FILE = join(kitRoot, 'examples/reference-connector/certification.yaml');

export interface ReferenceBundle {
  readonly file: string;
  dispose(): Promise<void>;
}

/** Bundles the reference connector into one file in a temporary folder (esbuild, ~100 ms). */
export async function buildReferenceBundle(): Promise<ReferenceBundle> {
  const dir = await mkdtemp(join(tmpdir(), 'bsck-reference-'));
  const file = await buildBundle(join(dir, 'reference-connector.mjs'));
  return { file, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * The reference connector's FROM-scratch image, as a root filesystem to import: the host's node binary and its
 * libraries plus the bundle, since no base image can be pulled here. The user-facing Dockerfile beside the
 * connector is what a provider would write on a machine with a registry.
 */
export async function referenceImageImport(bundle: ReferenceBundle): Promise<ImageImport> {
  const image = await scratchNodeImport(referenceImage(bundle));
  return { ...image, label: "the reference connector's root filesystem" };
}

function referenceImage(bundle: ReferenceBundle): ScratchNodeContextOptions {
  return {
    files: { '/app/reference-connector.mjs': bundle.file },
    entrypoint: [SCRATCH_NODE_BINARY, '/app/reference-connector.mjs'],
    env: { HOST: '127.0.0.1' },
  };
}
