/**
 * Optional abilities a candidate declares in its config. A requirement that names one applies only when it is
 * declared; otherwise its verdict is not-applicable, never a failure (design §6). Requirements without a
 * capability apply to every candidate.
 */
export interface CapabilityDefinition {
  readonly title: string;
  /** What declaring it promises, in one sentence. */
  readonly description: string;
}

export const CAPABILITIES = Object.freeze({
  'multi-account-linking': Object.freeze({
    title: 'Multi-account linking',
    description: 'The connector serves GET /availableaccounts, so further accounts under an authorisation can be linked.',
  }),
  'consent-revocation-hook': Object.freeze({
    title: 'Consent-revocation test hook',
    description:
      'The candidate exposes a test-control hook the kit calls to make the provider revoke consent, so the provider-initiated authRequired statement can be observed.',
  }),
  'bank-sync': Object.freeze({
    title: 'Bank sync',
    description: 'The connector registers its own bank via POST /v1/banks; without it the config supplies the bank.',
  }),
  'transaction-push-hook': Object.freeze({
    title: 'New-transactions test hook',
    description:
      'The candidate exposes a test-control hook the kit calls to make the provider book new cleared transactions, so an incremental push can be observed within a run.',
  }),
  'account-addition-hook': Object.freeze({
    title: 'Account-addition test hook',
    description:
      'The candidate exposes a test-control hook the kit calls to add an account to a test user after onboarding, so /availableaccounts can be checked for accounts added since the PATCH.',
  }),
  'clock-control-hook': Object.freeze({
    title: 'Clock-control test hook',
    description:
      'The candidate exposes a test-control hook the kit calls to move the provider\'s clock forward, so the ~20 minute authorisation lifetime can be checked within a run.',
  }),
  iframe: Object.freeze({
    title: 'Framed authentication pages',
    description: 'The /auth and /authrefresh pages support being shown inside a Banking Service iframe.',
  }),
} satisfies Record<string, CapabilityDefinition>);

export type Capability = keyof typeof CAPABILITIES;

export const CAPABILITY_IDS = Object.freeze(Object.keys(CAPABILITIES) as Capability[]);

export function isCapability(value: string): value is Capability {
  return Object.hasOwn(CAPABILITIES, value);
}

/** True when a requirement needing `capability` (undefined = none) runs for a candidate declaring `declared`. */
export function requirementApplies(capability: Capability | undefined, declared: Iterable<Capability>): boolean {
  if (capability === undefined) return true;
  for (const each of declared) if (each === capability) return true;
  return false;
}
