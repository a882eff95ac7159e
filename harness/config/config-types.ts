/** The certification config as the schema (config.schema.json) allows it. */
export interface CertificationConfig {
  readonly candidate?: CandidateConfig;
  readonly capabilities?: readonly string[];
  readonly hooks?: Partial<Record<HookName, HookConfig>>;
  readonly bank?: BankConfig;
  readonly auth?: AuthConfig;
  readonly timeouts?: TimeoutsConfig;
  readonly policies?: Readonly<Record<string, string | number>>;
  readonly baseline?: string;
  readonly bankingService?: BankingServiceConfig;
}

/**
 * The simulated Banking Service and Sage ID pinned for a run, for a candidate configured before the run (a url
 * candidate). Secret values are `{{env.NAME}}` templates, never literals.
 */
export interface BankingServiceConfig {
  readonly ports?: BankingServicePorts;
  readonly provider?: PinnedProviderConfig;
}

export interface BankingServicePorts {
  readonly sageId?: number;
  readonly providerApi?: number;
  readonly consumerApi?: number;
}

export interface PinnedProviderConfig {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly audience?: string;
  readonly apiKey?: string;
  readonly notificationHeaderName?: string;
  readonly notificationHeaderValue?: string;
}

export interface CandidateConfig {
  readonly image?: string;
  readonly dockerfile?: string;
  readonly command?: string | readonly string[];
  readonly url?: string;
  readonly workdir?: string;
  readonly network?: 'host' | 'bridge';
  readonly readiness?: { readonly path?: string; readonly timeoutMs?: number };
  readonly env?: Readonly<Record<string, string>>;
}

export const HOOK_NAMES = ['revokeConsent', 'newTransactions', 'addAccount', 'advanceClock'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

export interface HookConfig {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly body?: unknown;
}

export interface BankConfig {
  readonly name: string;
  readonly countryCode: string;
  readonly url?: string;
  readonly externalRef?: string;
  readonly callbackURLs: { readonly notification: string; readonly availableAccounts: string; readonly auth: string; readonly reAuth: string };
}

export interface TestUser {
  readonly username: string;
  readonly password: string;
  readonly otp?: string;
}

export interface AuthConfig {
  readonly driver?: 'redirect' | 'form' | 'browser';
  readonly users?: { readonly multiAccount?: TestUser; readonly singleAccount?: TestUser };
  readonly form?: { readonly fields?: Readonly<Record<string, string>> };
  readonly browser?: { readonly steps?: readonly BrowserStep[]; readonly script?: string };
}

export type BrowserStep =
  | { readonly fill: string; readonly value: string }
  | { readonly click: string }
  | { readonly waitForUrl: string };

export interface TimeoutsConfig {
  readonly startupMs?: number;
  readonly requestMs?: number;
  readonly flowStepMs?: number;
}
