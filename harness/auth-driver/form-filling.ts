import type { TestUser } from '../config/config-types.ts';
import { renderTemplate } from '../config/templates.ts';
import { credentialRoleOf, credentialTemplateValues, credentialValue, type CredentialRole } from './credential-fields.ts';
import { isSubmitButton, type FormControl, type HtmlForm } from './html-forms.ts';

/** Words on a button that decline rather than proceed: a consent page's Deny must not be the one pressed. */
const DECLINING = /\b(cancel|deny|reject|decline|refuse|abort|back|no)\b/i;

export interface ChosenForm {
  readonly form: HtmlForm;
  /** The button the driver presses; undefined when the form has none (implicit submission). */
  readonly submitter: FormControl | undefined;
}

/**
 * The form a user would fill: the one asking for the most credentials, then one with a proceeding button; a form
 * whose only buttons decline is last. Ties go to the first on the page.
 */
export function chooseForm(forms: readonly HtmlForm[]): ChosenForm | undefined {
  let best: { chosen: ChosenForm; score: number } | undefined;
  for (const form of forms) {
    const enabled = form.controls.filter((control) => !control.disabled);
    const buttons = enabled.filter(isSubmitButton);
    const proceeding = buttons.filter((button) => !declines(button));
    const credentials = enabled.filter((control) => credentialRoleOf(control) !== undefined).length;
    const score = credentials * 10 + (proceeding.length > 0 ? 2 : 0) - (buttons.length > 0 && proceeding.length === 0 ? 20 : 0);
    if (best === undefined || score > best.score) best = { chosen: { form, submitter: proceeding[0] ?? buttons[0] }, score };
  }
  return best?.chosen;
}

const declines = (button: FormControl): boolean => [button.label, button.name, button.id ?? '', ...button.values].some((text) => DECLINING.test(text));

export interface FilledForm {
  /** Name/value pairs in tree order, as a browser builds the form data set. */
  readonly entries: readonly (readonly [string, string])[];
  /** The credentials the driver typed in. */
  readonly filled: readonly CredentialRole[];
  /** Credential fields the page has that nothing could fill (no test user, no one-time code): left as they were. */
  readonly unfilled: readonly CredentialRole[];
}

export interface FillOptions {
  readonly user: TestUser | undefined;
  /** `auth.form.fields`: name → template (`{{username}}`, `{{password}}`, `{{otp}}`) or a literal; these win. */
  readonly fields?: Readonly<Record<string, string>>;
}

/** Builds the form data set a user would submit, typing the test user's credentials into the fields asking for them. */
export function fillForm(chosen: ChosenForm, options: FillOptions): FilledForm {
  const overrides = renderOverrides(options.fields, options.user);
  const entries: [string, string][] = [];
  const filled = new Set<CredentialRole>();
  const unfilled = new Set<CredentialRole>();
  for (const control of chosen.form.controls) {
    if (control.disabled || control.name === '') continue;
    if (overrides.has(control.name)) continue;
    if (isSubmitButton(control) || control.type === 'button' || control.type === 'reset' || control.type === 'file') continue;
    if ((control.type === 'checkbox' || control.type === 'radio') && !control.checked) continue;
    const role = credentialRoleOf(control);
    if (role !== undefined) {
      const value = options.user === undefined ? undefined : credentialValue(role, options.user);
      if (value === undefined) unfilled.add(role);
      else filled.add(role);
      entries.push([control.name, value ?? control.values[0] ?? '']);
      continue;
    }
    for (const value of control.values) entries.push([control.name, value]);
  }
  for (const [name, value] of overrides) entries.push([name, value]);
  const submitter = chosen.submitter;
  if (submitter !== undefined && submitter.name !== '' && !submitter.disabled && !overrides.has(submitter.name)) {
    if (submitter.type === 'image') entries.push([`${submitter.name}.x`, '0'], [`${submitter.name}.y`, '0']);
    else entries.push([submitter.name, submitter.values[0] ?? '']);
  }
  return { entries, filled: [...filled], unfilled: [...unfilled] };
}

function renderOverrides(fields: Readonly<Record<string, string>> | undefined, user: TestUser | undefined): Map<string, string> {
  const values = credentialTemplateValues(user);
  const rendered = new Map<string, string>();
  for (const [name, template] of Object.entries(fields ?? {})) {
    try {
      rendered.set(name, renderTemplate(template, values));
    } catch (error) {
      // A config naming {{otp}} for a user without one is the kit's input error, never the candidate's.
      throw new Error(`auth.form.fields.${name}: ${(error as Error).message} (the test user declares username, password${user?.otp === undefined ? '' : ', otp'})`);
    }
  }
  return rendered;
}
