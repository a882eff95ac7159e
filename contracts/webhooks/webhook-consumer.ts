import { startBankingServiceSimulator, type BankingServiceSimulator } from '../../harness/banking-service/index.ts';
import { startSageId, type SageId } from '../../harness/sage-id/index.ts';
import { newPact, runConsumerInteractions, type ConsumerInteractionOutcome } from '../consumer-run.ts';
import { PARTICIPANTS } from '../pact-environment.ts';
import { startCallbackSink, type CallbackSink } from '../simulator-support/index.ts';
import { WEBHOOK_INTERACTION_SPECS, type WebhookConsumerContext, type WebhookInteraction } from './webhook-interactions.ts';

export interface WebhookConsumer {
  readonly context: WebhookConsumerContext;
  /** Writes every interaction (or the given ones) into `dir`/banking-service-connector.json. */
  write(dir: string, interactions?: readonly WebhookInteraction[]): Promise<ConsumerInteractionOutcome[]>;
  close(): Promise<void>;
}

/**
 * The consumer side of the Banking Service → connector pact: the kit's simulated Banking Service (its notifier,
 * its Consumer API redirects) makes every request. No spec validation and no throttling: only the requests the
 * kit's code builds matter here.
 */
export async function startWebhookConsumer(options: { readonly timeoutMs?: number } = {}): Promise<WebhookConsumer> {
  let simulator: BankingServiceSimulator | undefined;
  let sink: CallbackSink | undefined;
  let foreign: SageId | undefined;
  const close = async () => {
    await Promise.all([simulator?.close(), sink?.close(), foreign?.close()]);
  };
  try {
    simulator = await startBankingServiceSimulator({ specs: 'none', rateLimit: false });
    sink = await startCallbackSink();
    foreign = await startSageId();
    const context: WebhookConsumerContext = { simulator, sink, foreignTokens: foreign, timeoutMs: options.timeoutMs ?? 5_000 };
    return {
      context,
      write: (dir, interactions = WEBHOOK_INTERACTION_SPECS) => runConsumerInteractions(newPact(PARTICIPANTS.bankingService, PARTICIPANTS.connector, dir), interactions, context),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
