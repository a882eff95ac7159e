import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { PolicyError, resolvePolicies, type Policies } from '../policies/index.ts';
import { CAPABILITY_IDS, isCapability, type Capability } from '../../suites/requirements/capabilities.ts';
import type { AuthConfig, BankConfig, CertificationConfig, HookConfig, HookName, TimeoutsConfig } from './config-types.ts';
import { HOOK_NAMES } from './config-types.ts';
import { resolvePinnedBankingService, type PinnedBankingService } from './pinned-banking-service.ts';
import { ConfigError } from './read-config-file.ts';
import { HOOK_TEMPLATE_VARIABLES, RUN_TEMPLATE_VARIABLES, templateVariablesIn } from './templates.ts';

/** The capability each test-control hook serves: a hook without it (or it without the hook) is a config error. */
export const HOOK_CAPABILITIES: Readonly<Record<HookName, string>> = Object.freeze({
  revokeConsent: 'consent-revocation-hook',
  newTransactions: 'transaction-push-hook',
  addAccount: 'account-addition-hook',
  advanceClock: 'clock-control-hook',
});

export type CandidateSpec =
  | { readonly kind: 'reference' }
  | { readonly kind: 'image'; readonly image: string; readonly network: 'host' | 'bridge' }
  | { readonly kind: 'dockerfile'; readonly folder: string; readonly network: 'host' | 'bridge' }
  | { readonly kind: 'command'; readonly command: string | readonly string[]; readonly workdir: string }
  | { readonly kind: 'url'; readonly url: string };

export interface ResolvedConfig {
  readonly candidate: CandidateSpec;
  readonly readiness: { readonly path: string; readonly timeoutMs: number };
  readonly env: Readonly<Record<string, string>>;
  readonly capabilities: ReadonlySet<Capability>;
  readonly hooks: Readonly<Partial<Record<HookName, HookConfig>>>;
  readonly bank: BankConfig | undefined;
  readonly auth: Required<Pick<AuthConfig, 'driver'>> & AuthConfig;
  readonly timeouts: Required<TimeoutsConfig>;
  readonly policies: Policies;
  readonly baseline: string | undefined;
  /** The simulated Banking Service's pinned ports and provider credentials (secrets read from the environment). */
  readonly bankingService: PinnedBankingService;
}

export const DEFAULT_TIMEOUTS: Required<TimeoutsConfig> = Object.freeze({ startupMs: 30_000, requestMs: 5_000, flowStepMs: 10_000 });

const CANDIDATE_KINDS = ['image', 'dockerfile', 'command', 'url'] as const;

/**
 * Checks what the schema cannot (combinations, files, names the kit knows) and fills the defaults. Every problem
 * is collected before anything starts, so a provider sees them all at once, one line each.
 */
export function preflightConfig(
  config: CertificationConfig,
  options: {
    readonly baseDir: string;
    readonly source: string;
    /** Where `{{env.NAME}}` values are read; process.env unless given. */
    readonly environment?: Readonly<Record<string, string | undefined>>;
  },
): ResolvedConfig {
  const problems: string[] = [];
  const at = (field: string, message: string) => problems.push(`${options.source}: ${field}: ${message}`);
  const path = (value: string) => (isAbsolute(value) ? value : resolve(options.baseDir, value));

  const candidateConfig = config.candidate ?? {};
  const kinds = CANDIDATE_KINDS.filter((kind) => candidateConfig[kind] !== undefined);
  if (kinds.length > 1) at('candidate', `${kinds.join(' and ')} cannot be combined; give exactly one`);
  const kind = kinds[0];
  if (candidateConfig.workdir !== undefined && kind !== 'command') at('candidate.workdir', 'only applies to a command candidate');
  if (candidateConfig.network !== undefined && kind !== 'image' && kind !== 'dockerfile') at('candidate.network', 'only applies to an image or dockerfile candidate');
  if (candidateConfig.dockerfile !== undefined && !existsSync(resolve(path(candidateConfig.dockerfile), 'Dockerfile'))) {
    at('candidate.dockerfile', `no Dockerfile in ${path(candidateConfig.dockerfile)}`);
  }
  const workdir = path(candidateConfig.workdir ?? '.');
  if (candidateConfig.workdir !== undefined && !(existsSync(workdir) && statSync(workdir).isDirectory())) at('candidate.workdir', `${workdir} is not a folder`);
  for (const [name, value] of Object.entries(candidateConfig.env ?? {})) {
    for (const variable of templateVariablesIn(value)) {
      if (!RUN_TEMPLATE_VARIABLES.includes(variable)) {
        at(`candidate.env.${name}`, `unknown template variable {{${variable}}} (known: ${RUN_TEMPLATE_VARIABLES.join(', ')})`);
      }
    }
  }

  const capabilities = new Set<Capability>();
  for (const capability of config.capabilities ?? []) {
    if (isCapability(capability)) capabilities.add(capability);
    else at('capabilities', `unknown capability "${capability}" (known: ${CAPABILITY_IDS.join(', ')})`);
  }

  for (const name of HOOK_NAMES) {
    const hook = config.hooks?.[name];
    const capability = HOOK_CAPABILITIES[name];
    const declared = (capabilities as ReadonlySet<string>).has(capability);
    if (hook && !declared) at(`hooks.${name}`, `given, but capability "${capability}" is not declared`);
    if (!hook && declared) at(`capabilities`, `"${capability}" is declared but hooks.${name} is missing`);
    if (!hook) continue;
    const texts = [hook.url, JSON.stringify(hook.body ?? null)];
    const known: readonly string[] = [...RUN_TEMPLATE_VARIABLES, ...HOOK_TEMPLATE_VARIABLES];
    for (const variable of texts.flatMap(templateVariablesIn)) {
      if (!known.includes(variable)) at(`hooks.${name}`, `unknown template variable {{${variable}}} (known: ${known.join(', ')})`);
    }
  }

  const syncsOwnBank = capabilities.has('bank-sync' as Capability);
  if (!syncsOwnBank && !config.bank && kind !== undefined) at('bank', 'is required when the candidate does not declare capability "bank-sync"');
  if (syncsOwnBank && config.bank) at('bank', 'given, but the candidate declares "bank-sync" and registers its own bank; remove one');

  const driver = config.auth?.driver ?? 'form';
  if (config.auth?.browser?.steps && config.auth.browser.script) at('auth.browser', 'steps and script cannot be combined; choose one');
  if (config.auth?.browser?.script && !existsSync(path(config.auth.browser.script))) at('auth.browser.script', `${path(config.auth.browser.script)} does not exist`);
  if (config.auth?.browser && driver !== 'browser') at('auth.browser', `only applies to driver "browser" (driver is "${driver}")`);
  if (config.auth?.form && driver !== 'form') at('auth.form', `only applies to driver "form" (driver is "${driver}")`);
  if (kind !== undefined && driver !== 'redirect' && !config.auth?.users?.multiAccount) {
    at('auth.users.multiAccount', `is required by driver "${driver}": the kit logs in as this user`);
  }

  let policies: Policies = resolvePolicies();
  try {
    policies = resolvePolicies(config.policies ?? {});
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    for (const line of error.message.split('\n')) problems.push(`${options.source}: ${line}`);
  }

  const baseline = config.baseline === undefined ? undefined : path(config.baseline);
  if (baseline !== undefined && !existsSync(baseline)) at('baseline', `${baseline} does not exist`);

  const bankingService = resolvePinnedBankingService({
    config: config.bankingService,
    candidateUrl: kind === 'url' ? candidateConfig.url : undefined,
    environment: options.environment ?? process.env,
    at,
  });

  if (problems.length > 0) throw new ConfigError(problems);

  const network = candidateConfig.network ?? 'host';
  const candidate: CandidateSpec =
    kind === 'image' ? { kind, image: candidateConfig.image ?? '', network }
    : kind === 'dockerfile' ? { kind, folder: path(candidateConfig.dockerfile ?? ''), network }
    : kind === 'command' ? { kind, command: candidateConfig.command ?? '', workdir }
    : kind === 'url' ? { kind, url: candidateConfig.url ?? '' }
    : { kind: 'reference' };

  return Object.freeze({
    candidate,
    readiness: { path: candidateConfig.readiness?.path ?? '/', timeoutMs: candidateConfig.readiness?.timeoutMs ?? config.timeouts?.startupMs ?? DEFAULT_TIMEOUTS.startupMs },
    env: candidateConfig.env ?? {},
    capabilities,
    hooks: config.hooks ?? {},
    bank: config.bank,
    auth: { ...config.auth, driver },
    timeouts: { ...DEFAULT_TIMEOUTS, ...config.timeouts },
    policies,
    baseline,
    bankingService,
  });
}
