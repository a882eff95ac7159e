import type { AuthDriver } from './auth-driver.ts';
import { walkOverHttp } from './http-walk.ts';

export interface FormDriverOptions {
  /** `auth.form.fields`: field name → `{{username}}`/`{{password}}`/`{{otp}}` template or literal, overriding the heuristics. */
  readonly fields?: Readonly<Record<string, string>>;
  readonly maxHops?: number;
  /** Forms submitted before the drive is called stuck (login, one-time code, consent: three is typical). */
  readonly maxSubmissions?: number;
}

/**
 * Plays a user on plain HTML pages without a browser: fills the page's login form with the test user's
 * credentials (see credential-fields.ts), submits it as the form says, and follows what comes back like the
 * redirect driver. A wrong password is the candidate's to report at redirect_uri [C-AUTH]; the driver only
 * reports where it ended.
 */
export function createFormDriver(options: FormDriverOptions = {}): AuthDriver {
  return {
    name: 'form',
    run: (input) => walkOverHttp(input, {
      driver: 'form',
      ...(options.maxHops !== undefined ? { maxHops: options.maxHops } : {}),
      forms: {
        ...(options.fields !== undefined ? { fields: options.fields } : {}),
        ...(options.maxSubmissions !== undefined ? { maxSubmissions: options.maxSubmissions } : {}),
      },
    }),
  };
}
