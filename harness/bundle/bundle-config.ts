import type { ResolvedConfig } from '../config/index.ts';
// The module, not the folder index: review reads bundles without loading the config schema and its validator.
import { PINNED_SECRET_FIELDS, type PinnedBankingService } from '../config/pinned-banking-service.ts';
import { canonicalJson, sha256Of } from './digests.ts';

/** What stands where the bundle leaves a value out. */
export const REMOVED = '[removed]';

const ONLY_TEMPLATES = /^(?:\{\{\s*[A-Za-z0-9_.]+\s*\}\})+$/;

/**
 * A literal the kit cannot tell from a secret (an environment value, a form field, a hook body string) is left
 * out; a value made only of `{{templates}}` says nothing secret and shows how the run was wired, so it stays.
 */
function keepTemplatesOnly(value: unknown): unknown {
  if (typeof value === 'string') return ONLY_TEMPLATES.test(value) ? value : REMOVED;
  if (Array.isArray(value)) return value.map(keepTemplatesOnly);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, keepTemplatesOnly(inner)]));
  }
  return value;
}

const mapValues = <T, U>(record: Readonly<Record<string, T>>, map: (value: T) => U): Record<string, U> =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));

/**
 * The resolved config as the manifest records it: everything that decided how the run went (candidate, readiness,
 * capabilities, hooks, bank, auth driver, timeouts, policies, baseline, pinned Banking Service), with the test
 * users' passwords and one-time codes, environment values, form values, browser fill values, hook body literals and
 * pinned secrets removed.
 */
export function configForBundle(config: ResolvedConfig): Record<string, unknown> {
  const { users, form, browser } = config.auth;
  const user = (entry: { readonly username: string; readonly otp?: string } | undefined) =>
    entry === undefined ? undefined : { username: entry.username, password: REMOVED, ...(entry.otp === undefined ? {} : { otp: REMOVED }) };
  return {
    candidate: { ...config.candidate },
    readiness: { ...config.readiness },
    env: mapValues(config.env, keepTemplatesOnly),
    capabilities: [...config.capabilities].sort(),
    hooks: mapValues(config.hooks as Readonly<Record<string, { method?: string; url: string; body?: unknown }>>, (hook) => ({
      ...(hook.method === undefined ? {} : { method: hook.method }),
      url: hook.url,
      ...(hook.body === undefined ? {} : { body: keepTemplatesOnly(hook.body) }),
    })),
    bank: config.bank ?? null,
    auth: {
      driver: config.auth.driver,
      ...(users === undefined ? {} : { users: { multiAccount: user(users.multiAccount), singleAccount: user(users.singleAccount) } }),
      ...(form === undefined ? {} : { form: { fields: form.fields === undefined ? undefined : mapValues(form.fields, keepTemplatesOnly) } }),
      ...(browser === undefined
        ? {}
        : {
            browser: {
              script: browser.script,
              steps: browser.steps?.map((step) => ('fill' in step ? { fill: step.fill, value: keepTemplatesOnly(step.value) } : { ...step })),
            },
          }),
    },
    timeouts: { ...config.timeouts },
    policies: { ...config.policies },
    baseline: config.baseline ?? null,
    bankingService: pinnedForBundle(config.bankingService),
  };
}

/**
 * The pinned ports and credentials: a value read from the environment is recorded as the `{{env.NAME}}` it came
 * from (a secret always is), so a reviewer sees how the run was wired and never the value.
 */
function pinnedForBundle(pinned: PinnedBankingService): Record<string, unknown> | null {
  const provider = Object.fromEntries(
    Object.entries(pinned.provider).map(([field, value]) => {
      const variable = pinned.environmentNames[field as keyof typeof pinned.environmentNames];
      if (variable !== undefined) return [field, `{{env.${variable}}}`];
      return [field, PINNED_SECRET_FIELDS.includes(field as (typeof PINNED_SECRET_FIELDS)[number]) ? REMOVED : value];
    }),
  );
  if (Object.keys(pinned.ports).length === 0 && Object.keys(provider).length === 0) return null;
  return { ports: { ...pinned.ports }, provider };
}

/** The config value and its digest, as manifest.config holds them; a review re-computes the digest from the value. */
export function bundleConfig(config: ResolvedConfig): { readonly digest: string; readonly value: unknown } {
  const value = JSON.parse(canonicalJson(configForBundle(config))) as unknown;
  return { digest: configDigest(value), value };
}

export function configDigest(value: unknown): string {
  return sha256Of(canonicalJson(value));
}
