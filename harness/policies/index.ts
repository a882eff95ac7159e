export { POLICY_CATALOGUE, POLICY_IDS, isPolicyId } from './policy-catalogue.ts';
export type { Policies, PolicyDefinition, PolicyId, PolicyValue } from './policy-catalogue.ts';
export { DEFAULT_POLICIES, PolicyError, policyOverridesOf, resolvePolicies } from './resolve-policies.ts';
export { renderPolicyPage } from './render-policy-page.ts';
export { acknowledgesNotification } from './notification-acknowledgement.ts';
