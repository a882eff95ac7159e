import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The kit's root folder: reports, the suite runner and the Allure generator are found from here, not the cwd. */
export const KIT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface PackageJson {
  readonly name: string;
  readonly version: string;
}

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as PackageJson;

/** What every report names as the kit that produced it. */
export const KIT = Object.freeze({ name: packageJson.name, version: packageJson.version });
