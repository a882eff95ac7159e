import { POLICY_CATALOGUE, POLICY_IDS, isPolicyId, type Policies, type PolicyId } from './policy-catalogue.ts';

export class PolicyError extends Error {
  override readonly name = 'PolicyError';
}

export const DEFAULT_POLICIES: Policies = Object.freeze(
  Object.fromEntries(POLICY_IDS.map((id) => [id, POLICY_CATALOGUE[id].default])) as unknown as Policies,
);

/**
 * Applies a config's overrides to the defaults. Unknown ids and values outside `allowed` are refused with
 * every problem listed, one line each, because a mistyped override silently ignored would certify against
 * rules the provider did not choose.
 */
export function resolvePolicies(overrides: Readonly<Record<string, unknown>> = {}): Policies {
  const problems: string[] = [];
  const resolved: Record<string, unknown> = { ...DEFAULT_POLICIES };
  for (const [id, value] of Object.entries(overrides)) {
    if (!isPolicyId(id)) {
      problems.push(`policies.${id}: unknown policy (known: ${POLICY_IDS.join(', ')})`);
      continue;
    }
    const allowed: readonly unknown[] = POLICY_CATALOGUE[id].allowed;
    if (!allowed.includes(value)) {
      problems.push(`policies.${id}: ${JSON.stringify(value)} is not one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`);
      continue;
    }
    resolved[id] = value;
  }
  if (problems.length > 0) throw new PolicyError(problems.join('\n'));
  return Object.freeze(resolved) as unknown as Policies;
}

/** The policies that differ from the defaults, for reports that print what a run chose. */
export function policyOverridesOf(policies: Policies): Partial<Record<PolicyId, string | number>> {
  return Object.fromEntries(POLICY_IDS.filter((id) => policies[id] !== DEFAULT_POLICIES[id]).map((id) => [id, policies[id]]));
}
