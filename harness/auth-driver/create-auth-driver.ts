import { isAbsolute, resolve } from 'node:path';
import type { ChromiumHandle } from '../browser/index.ts';
import type { AuthConfig } from '../config/config-types.ts';
import type { AuthDriver } from './auth-driver.ts';
import { createBrowserDriver } from './browser-driver.ts';
import { createFormDriver } from './form-driver.ts';
import { createRedirectDriver } from './redirect-driver.ts';

export interface CreateAuthDriverOptions {
  /** The config file's folder: a relative `auth.browser.script` is resolved against it, as pre-flight checked it. */
  readonly configDir?: string;
  /** A browser the run shares between drives (the browser driver only). */
  readonly browser?: ChromiumHandle;
  /** Where the browser driver puts its screenshots (the run's report folder). */
  readonly screenshotDir?: string;
}

/** The driver the config names (`form` when it names none, as pre-flight resolves it), set up from its section. */
export function createAuthDriver(auth: AuthConfig | undefined, options: CreateAuthDriverOptions = {}): AuthDriver {
  const driver = auth?.driver ?? 'form';
  if (driver === 'redirect') return createRedirectDriver();
  if (driver === 'form') return createFormDriver(auth?.form?.fields !== undefined ? { fields: auth.form.fields } : {});
  const script = auth?.browser?.script;
  return createBrowserDriver({
    ...(auth?.browser?.steps !== undefined ? { steps: auth.browser.steps } : {}),
    ...(script !== undefined ? { script: isAbsolute(script) ? script : resolve(options.configDir ?? '.', script) } : {}),
    ...(options.browser !== undefined ? { browser: options.browser } : {}),
    ...(options.screenshotDir !== undefined ? { screenshotDir: options.screenshotDir } : {}),
  });
}
