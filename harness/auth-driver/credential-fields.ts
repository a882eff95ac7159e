import type { TestUser } from '../config/config-types.ts';

/** What a login-page field asks for. The form and browser drivers share these rules, so both fill the same fields. */
export type CredentialRole = 'username' | 'password' | 'otp';

export interface FieldDescriptor {
  readonly tagName: string;
  /** The `type` attribute as written (any case); missing means text. */
  readonly type?: string;
  readonly name?: string;
  readonly id?: string;
  readonly autocomplete?: string;
}

const TYPABLE_INPUT_TYPES = new Set(['', 'text', 'email', 'password', 'tel', 'number', 'search', 'url']);
const OTP_WORDS = new Set(['otp', 'totp', 'code', 'passcode', 'onetime', 'otc']);
const PASSWORD_WORDS = new Set(['password', 'pass', 'passwd', 'pwd', 'passphrase']);
const USERNAME_WORDS = new Set(['user', 'username', 'userid', 'login', 'loginid', 'email', 'mail']);

/** `smsCode`, `sms-code`, `SMS_CODE` → sms, code: whole words, so `barcode` is no code and `superuser` no user. */
function wordsOf(identifier: string): string[] {
  const words = identifier.split(/(?<=[a-z0-9])(?=[A-Z])|[^A-Za-z0-9]+/).map((word) => word.toLowerCase()).filter((word) => word !== '');
  const joined = words.flatMap((word, index) => (word === 'one' && words[index + 1] === 'time' ? ['onetime'] : []));
  return [...words, ...joined];
}

const anyWordIn = (identifiers: readonly string[], vocabulary: ReadonlySet<string>): boolean =>
  identifiers.some((identifier) => wordsOf(identifier).some((word) => vocabulary.has(word)));

/**
 * The credential a field asks for, or undefined for any other field. `autocomplete` is the page's own statement and
 * wins; then one-time code before password (an OTP box is often `type=password`), then password before username
 * (`login_password` is a password).
 */
export function credentialRoleOf(field: FieldDescriptor): CredentialRole | undefined {
  const tag = field.tagName.toLowerCase();
  const type = (field.type ?? '').trim().toLowerCase();
  if (tag !== 'input' || !TYPABLE_INPUT_TYPES.has(type)) return undefined;
  const autocomplete = (field.autocomplete ?? '').toLowerCase().split(/\s+/);
  if (autocomplete.includes('one-time-code')) return 'otp';
  if (autocomplete.includes('current-password') || autocomplete.includes('new-password')) return 'password';
  if (autocomplete.includes('username') || autocomplete.includes('email')) return 'username';
  const names = [field.name ?? '', field.id ?? ''];
  if (anyWordIn(names, OTP_WORDS)) return 'otp';
  if (type === 'password' || anyWordIn(names, PASSWORD_WORDS)) return 'password';
  if (type === 'email' || anyWordIn(names, USERNAME_WORDS)) return 'username';
  return undefined;
}

/** The value a test user gives a credential field; undefined when the user has none (no one-time code). */
export function credentialValue(role: CredentialRole, user: TestUser): string | undefined {
  return role === 'username' ? user.username : role === 'password' ? user.password : user.otp;
}

/** Template values for `{{username}}`, `{{password}}`, `{{otp}}` in config-declared fields and steps. */
export function credentialTemplateValues(user: TestUser | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  if (user === undefined) return values;
  values['username'] = user.username;
  values['password'] = user.password;
  if (user.otp !== undefined) values['otp'] = user.otp;
  return values;
}
