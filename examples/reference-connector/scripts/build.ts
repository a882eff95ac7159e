import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const connectorRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundles src/main.ts and its only dependency (jose) into one self-contained ES module that runs with a bare
 * `node` — no node_modules next to it. The kit's offline FROM-scratch image copies just this file.
 */
export async function buildBundle(outfile: string = resolve(connectorRoot, 'dist/reference-connector.mjs')): Promise<string> {
  await mkdir(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [resolve(connectorRoot, 'src/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    // Any CommonJS dependency bundled into ESM may still call require() for built-ins.
    banner: { js: "import { createRequire as __connectorCreateRequire } from 'node:module'; const require = __connectorCreateRequire(import.meta.url);" },
  });
  return outfile;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outfile = await buildBundle(process.argv[2] === undefined ? undefined : resolve(process.argv[2]));
  process.stdout.write(`built ${outfile}\n`);
}
