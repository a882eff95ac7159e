import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface HostileConnectorBundle {
  /** One self-contained ES module: `node <file> <behaviour>`. */
  readonly file: string;
  dispose(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./hostile-connector.ts', import.meta.url));

/** Bundles the hostile connector (and the reference connector inside it) into a temporary folder, as the kit bundles the reference connector. */
export async function buildHostileConnector(): Promise<HostileConnectorBundle> {
  const dir = await mkdtemp(join(tmpdir(), 'bsck-hostile-'));
  const file = join(dir, 'hostile-connector.mjs');
  try {
    await build({
      entryPoints: [ENTRY],
      outfile: file,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'warning',
      banner: { js: "import { createRequire as __hostileCreateRequire } from 'node:module'; const require = __hostileCreateRequire(import.meta.url);" },
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { file, dispose: () => rm(dir, { recursive: true, force: true }) };
}
