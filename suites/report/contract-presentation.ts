import type { PactInteractionResult } from '../../contracts/verification/interaction-result.ts';
import type { WebhookContractOutcome } from '../../harness/run/pact-phase.ts';
import type { VerdictPresentation } from './verdict-presentation.ts';

/** The Allure feature (and JUnit suite name's title) the contract's interactions are grouped under. */
export const CONTRACT_FEATURE = 'Webhook contract (Pact)';

/** The attachment carrying Pact's mismatch text on a failed interaction. */
export const MISMATCH_ATTACHMENT = 'Pact mismatch';

/**
 * How one interaction of the webhook contract appears in Allure. The title is the pact's description (stable:
 * no port, time or id), so Allure's history lines interactions up across runs.
 */
export function presentInteraction(interaction: PactInteractionResult, contracts: Pick<WebhookContractOutcome, 'pact'>): VerdictPresentation {
  const description = [
    `**Interaction:** ${interaction.description}`,
    '',
    `**Provider states:** ${interaction.providerStates.join('; ') || 'none'}`,
    '',
    `**Result:** ${interaction.status} — ${interaction.sentence}`,
    ...(interaction.mismatches.length > 0 ? ['', '**Pact\'s mismatches:**', '', ...interaction.mismatches.map((mismatch) => `- ${mismatch}`)] : []),
    ...(interaction.stateProblems.length > 0 ? ['', `**Provider state not set up:** ${interaction.stateProblems.join('; ')}`] : []),
    '',
    `**Requirements evidenced:** ${interaction.requirementIds.join(', ') || 'none'}`,
    ...(contracts.pact ? ['', `**Pact:** \`${contracts.pact.file}\` (${contracts.pact.consumer} → ${contracts.pact.provider}, specification ${contracts.pact.specification}, ${contracts.pact.digest})`] : []),
  ].join('\n');
  return {
    title: interaction.description,
    labels: [
      { name: 'epic', value: 'webhook-contract' },
      { name: 'feature', value: CONTRACT_FEATURE },
      { name: 'story', value: interaction.id },
      { name: 'severity', value: 'critical' },
      { name: 'verdict', value: interaction.status },
      ...interaction.requirementIds.map((id) => ({ name: 'requirement', value: id })),
    ],
    tags: [...interaction.requirementIds, 'pact'],
    links: [],
    description,
  };
}

/** The text attached to a failed interaction: Pact's mismatches verbatim, then what the kit adds. */
export function mismatchAttachment(interaction: PactInteractionResult): string | undefined {
  if (interaction.status !== 'failed') return undefined;
  return [...interaction.mismatches, ...interaction.explanations.map((text) => `Why: ${text}`), ...interaction.stateProblems.map((text) => `Provider state not set up: ${text}`)].join('\n') || interaction.sentence;
}
