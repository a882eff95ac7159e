import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { REFERENCE_CONFIG_FILE } from '../../run/reference-connector.ts';

/** Writes `<dir>/<name>.yaml`: the reference connector's own config as `change` leaves it. Returns the file. */
export async function writeReferenceConfig(dir: string, name: string, change: (config: Record<string, unknown>) => void): Promise<string> {
  const config = parseYaml(readFileSync(REFERENCE_CONFIG_FILE, 'utf8')) as Record<string, unknown>;
  change(config);
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, stringifyYaml(config));
  return file;
}
