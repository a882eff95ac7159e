import { bankSyncFlow } from './bank-sync.flow.ts';
import type { FlowDriver } from './flow-driver.ts';
import { multiAccountLinkingFlow } from './multi-account-linking.flow.ts';
import { offboardingFlow } from './offboarding.flow.ts';
import { onboardingFlow } from './onboarding.flow.ts';
import { postingFlow } from './posting.flow.ts';
import { reauthorisationFlow } from './reauthorisation.flow.ts';
import { resilienceFlow } from './resilience.flow.ts';
import { securityFlow } from './security.flow.ts';

/**
 * The flows in the order a run drives them: each may rely on what the earlier ones established (the bank, the
 * organisation, onboarded accounts) and skips with the reason when it is missing. Security and resilience come
 * last because they deliberately disturb the candidate.
 */
export const FLOW_DRIVERS: readonly FlowDriver[] = Object.freeze([
  bankSyncFlow, onboardingFlow, postingFlow, multiAccountLinkingFlow, reauthorisationFlow, offboardingFlow, securityFlow, resilienceFlow,
]);
