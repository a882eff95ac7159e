import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { sha256Of } from '../bundle/digests.ts';
import { KIT_ROOT } from '../report/kit-version.ts';
import { WEBHOOK_PACT_FILE } from '../../contracts/pact-environment.ts';
import { interactionResultId } from '../../contracts/verification/interaction-result.ts';
import { requirementIdsOfKitInteraction } from '../../contracts/verification/interaction-requirements.ts';

/** The webhook pact this kit publishes and certify verifies: what review holds a bundle's contract results against. */
export interface KitContract {
  readonly file: string;
  readonly digest: string;
  readonly consumer: string;
  readonly provider: string;
  /** Each interaction's description with its stable result id and the requirement ids it evidences, in pact order. */
  readonly interactions: readonly { readonly description: string; readonly id: string; readonly requirementIds: readonly string[] }[];
}

let cached: KitContract | undefined;

/** Reads contracts/pacts/banking-service-connector.json once (plain JSON: Pact's core is not loaded). */
export function kitContract(): KitContract {
  if (cached) return cached;
  const bytes = readFileSync(WEBHOOK_PACT_FILE);
  const pact = JSON.parse(bytes.toString('utf8')) as { consumer: { name: string }; provider: { name: string }; interactions: { description: string }[] };
  cached = Object.freeze({
    file: relative(KIT_ROOT, WEBHOOK_PACT_FILE),
    digest: sha256Of(bytes),
    consumer: pact.consumer.name,
    provider: pact.provider.name,
    interactions: pact.interactions.map((interaction) => ({
      description: interaction.description,
      id: interactionResultId(pact.consumer.name, pact.provider.name, interaction.description),
      requirementIds: requirementIdsOfKitInteraction(interaction.description) ?? [],
    })),
  });
  return cached;
}
