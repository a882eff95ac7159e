import { TEMPLATE_VARIABLES } from '../candidate/candidate-environment.ts';

/**
 * Template variables a config may use in env values, hook URLs and bodies. Run variables are known when the
 * candidate starts; hook variables when the kit calls a hook.
 */
export const RUN_TEMPLATE_VARIABLES: readonly string[] = TEMPLATE_VARIABLES;
export const HOOK_TEMPLATE_VARIABLES = Object.freeze(['externalId', 'bankAccountId', 'count', 'seconds'] as const);

const TEMPLATE = /\{\{\s*([^}]*?)\s*\}\}/g;

export function templateVariablesIn(text: string): string[] {
  return [...text.matchAll(TEMPLATE)].map((match) => match[1] ?? '');
}

export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}

/** Replaces every {{name}}; an unknown name is an error, never an empty string in a URL. */
export function renderTemplate(text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(TEMPLATE, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new TemplateError(`unknown template variable {{${name}}}`);
    return String(value);
  });
}

const ENVIRONMENT_TEMPLATE = /^\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;

/**
 * The variable a `{{env.NAME}}` value names, or undefined for any other text. A value the config must not hold
 * (a pinned secret) is written this way and read from the kit's own environment at pre-flight.
 */
export function environmentVariableOf(text: string): string | undefined {
  return ENVIRONMENT_TEMPLATE.exec(text)?.[1];
}

const WHOLE_TEMPLATE = /^\{\{\s*([^}]*?)\s*\}\}$/;

/**
 * Renders every string inside a JSON-like value (hook bodies). A string that is exactly one template takes the
 * variable's own type, so `count: "{{count}}"` sends the number 3, not the text "3".
 */
export function renderTemplateDeep(value: unknown, values: Readonly<Record<string, string | number>>): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE_TEMPLATE.exec(value)?.[1];
    if (whole !== undefined && values[whole] !== undefined) return values[whole];
    return renderTemplate(value, values);
  }
  if (Array.isArray(value)) return value.map((item) => renderTemplateDeep(item, values));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, renderTemplateDeep(inner, values)]));
  }
  return value;
}
