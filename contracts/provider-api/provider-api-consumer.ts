import { startSageId, type SageId } from '../../harness/sage-id/index.ts';
import { newPact, runConsumerInteractions, type ConsumerInteractionOutcome } from '../consumer-run.ts';
import { PARTICIPANTS } from '../pact-environment.ts';
import { PROVIDER_API_INTERACTION_SPECS, type ProviderApiInteraction } from './provider-api-interactions.ts';
import { EXAMPLE_CREDENTIALS } from './reference-client.ts';

export interface ProviderApiConsumer {
  /**
   * Runs the reference connector's client code with the given fault switches against every interaction (or the
   * given ones), writing what matched into `dir`/reference-connector-banking-service.json.
   */
  write(dir: string, options?: { readonly faults?: readonly string[]; readonly interactions?: readonly ProviderApiInteraction[] }): Promise<ConsumerInteractionOutcome[]>;
  close(): Promise<void>;
}

/** The consumer side of the reference connector → Banking Service pact. */
export async function startProviderApiConsumer(): Promise<ProviderApiConsumer> {
  const sageId: SageId = await startSageId();
  sageId.registerClient({ clientId: EXAMPLE_CREDENTIALS.clientId, clientSecret: EXAMPLE_CREDENTIALS.clientSecret, audience: EXAMPLE_CREDENTIALS.audience });
  return {
    write: (dir, options = {}) =>
      runConsumerInteractions(newPact(PARTICIPANTS.referenceConnector, PARTICIPANTS.bankingService, dir), options.interactions ?? PROVIDER_API_INTERACTION_SPECS, {
        faults: options.faults ?? [],
        sageId,
      }),
    close: () => sageId.close(),
  };
}
