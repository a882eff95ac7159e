import type { AuthDriver } from './auth-driver.ts';
import { walkOverHttp } from './http-walk.ts';

export interface RedirectDriverOptions {
  readonly maxHops?: number;
}

/**
 * Follows 30x answers, literal `window.location`/`location.replace()`/`location.assign()` scripts and meta
 * refreshes without a browser; submits no form. It suits a candidate's auto-approve mode, whose /auth hands the user
 * straight back. The docs accept a script redirect [C-REFRESH]; a 30x is accepted by policy auth-redirect-kind.
 */
export function createRedirectDriver(options: RedirectDriverOptions = {}): AuthDriver {
  return {
    name: 'redirect',
    run: (input) => walkOverHttp(input, { driver: 'redirect', ...(options.maxHops !== undefined ? { maxHops: options.maxHops } : {}) }),
  };
}
