import type { CallOutcome } from '../events/index.ts';
import type { NotificationPayload } from '../notifier/index.ts';
import type { Bank } from '../state/index.ts';
import type { ConsumerApiContext } from './consumer-api-context.ts';

/**
 * Tells the bank's provider and waits for its answer before the product's call answers [KC-03]; the outcome is
 * an event, and a failed delivery never fails the product's call.
 */
export async function notifyProvider(context: ConsumerApiContext, bank: Bank, payload: NotificationPayload): Promise<CallOutcome> {
  const provider = context.state.providers.get(bank.ownerClientId);
  if (!provider) throw new Error(`bank ${bank.principalId} belongs to client ${bank.ownerClientId}, which is not a registered provider`);
  return context.notifier.notify(bank, provider, payload);
}
