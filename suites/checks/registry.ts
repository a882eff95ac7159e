import { BANK_SYNC_CHECKS } from './bank-sync.checks.ts';
import type { Check } from './check.ts';
import { MULTI_ACCOUNT_LINKING_CHECKS } from './multi-account-linking.checks.ts';
import { OFFBOARDING_CHECKS } from './offboarding.checks.ts';
import { ONBOARDING_CHECKS } from './onboarding.checks.ts';
import { POSTING_CHECKS } from './posting.checks.ts';
import { REAUTHORISATION_CHECKS } from './reauthorisation.checks.ts';
import { RESILIENCE_CHECKS } from './resilience.checks.ts';
import { SECURITY_CHECKS } from './security.checks.ts';
import { SPEC_CONFORMANCE_CHECKS } from './spec-conformance.checks.ts';

const GROUPS: readonly Readonly<Record<string, Check>>[] = [
  BANK_SYNC_CHECKS, ONBOARDING_CHECKS, POSTING_CHECKS, MULTI_ACCOUNT_LINKING_CHECKS, REAUTHORISATION_CHECKS,
  OFFBOARDING_CHECKS, SECURITY_CHECKS, RESILIENCE_CHECKS, SPEC_CONFORMANCE_CHECKS,
];

function merge(groups: readonly Readonly<Record<string, Check>>[]): Readonly<Record<string, Check>> {
  const all: Record<string, Check> = {};
  for (const group of groups) {
    for (const [id, check] of Object.entries(group)) {
      if (all[id]) throw new Error(`two checks decide ${id}`);
      all[id] = check;
    }
  }
  return Object.freeze(all);
}

/**
 * The check that decides each requirement, by requirement id. registry.test.ts keeps this equal to the current
 * requirement set: every requirement has exactly one check, and no check decides an unknown requirement.
 */
export const CHECKS: Readonly<Record<string, Check>> = merge(GROUPS);
