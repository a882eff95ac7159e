import { randomBytes, randomUUID } from 'node:crypto';
import { authorisationCreated } from '../../harness/banking-service/notifier/index.ts';
import type { Bank } from '../../harness/banking-service/state/index.ts';
import type { ExchangeRecord } from '../../harness/traffic/index.ts';
import { WaitTimeoutError } from '../../harness/traffic/index.ts';
import { sendAsBankingService } from './crafted-calls.ts';
import type { FlowContext } from './flow-driver.ts';
import { MALFORMED_PROBES, type MalformedProbe, type UnknownTypeProbe } from './probe-names.ts';

/** Where and how Banking Service authenticates its notifications to this provider (KC-02). */
export interface NotificationTarget {
  readonly url: string;
  readonly headerName: string;
  readonly headerValue: string;
  readonly bankId: string;
}

export function notificationTarget(context: FlowContext, bank: Bank): NotificationTarget {
  const { credentials } = context.simulator;
  return { url: bank.callbackURLs.notification, headerName: credentials.notificationHeaderName, headerValue: credentials.notificationHeaderValue, bankId: bank.principalId };
}

/** A value that is certainly not the provider's header value. */
export const wrongHeaderValue = (): string => `not-the-agreed-value-${randomBytes(9).toString('base64url')}`;

/** The headers of a genuine notification; `omit`/`override` make it wrong in exactly one way. */
export function notificationHeaders(
  target: NotificationTarget,
  token: string | undefined,
  variant: { readonly providerHeader?: 'valid' | 'missing' | 'wrong' } = {},
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  const header = variant.providerHeader ?? 'valid';
  if (header === 'valid') headers[target.headerName] = target.headerValue;
  if (header === 'wrong') headers[target.headerName] = wrongHeaderValue();
  return headers;
}

/** Sends one notification body to the connector as Banking Service, recorded as probe `probe`. */
export function sendNotification(
  context: FlowContext,
  target: NotificationTarget,
  input: { readonly probe: string; readonly headers: Readonly<Record<string, string>>; readonly body: unknown; readonly resourceId?: string },
): Promise<ExchangeRecord> {
  return sendAsBankingService(context, {
    method: 'POST',
    url: target.url,
    operationId: 'postNotification',
    headers: input.headers,
    body: input.body,
    probe: input.probe,
    ...(input.resourceId === undefined ? {} : { resourceId: input.resourceId }),
  });
}

/** An authorisation-created notification for a fresh id, as Banking Service sends before /auth [C-NOTIF] [SEC]. */
export function freshAuthorisationNotification(bankId: string): { readonly id: string; readonly body: unknown } {
  const id = randomUUID();
  return { id, body: authorisationCreated(id, bankId) };
}

/** The bodies of SEC-07, each malformed in one way; a string is sent as it is. */
export function malformedBodies(bankId: string): ReadonlyArray<{ readonly probe: MalformedProbe; readonly body: unknown }> {
  const resource = () => ({ id: randomUUID(), type: 'authorisation', url: 'NA' });
  const additionalData = { bankId };
  const bodies: Record<MalformedProbe, unknown> = {
    'body-not-json': '{"type": "resourceCreated", "resource": ',
    'body-not-an-object': '["resourceCreated", "authorisation"]',
    'type-missing': { resource: resource(), additionalData },
    'resource-missing': { type: 'resourceCreated', additionalData },
    'type-not-a-string': { type: 42, resource: resource(), additionalData },
    'resource-not-an-object': { type: 'resourceCreated', resource: 'authorisation', additionalData },
    'resource-id-not-a-string': { type: 'resourceCreated', resource: { id: 12345, type: 'authorisation', url: 'NA' }, additionalData },
    'resource-type-not-a-string': { type: 'resourceCreated', resource: { id: randomUUID(), type: true, url: 'NA' }, additionalData },
  };
  return MALFORMED_PROBES.map((probe) => ({ probe, body: bodies[probe] }));
}

/** SEC-09: well-formed notifications of kinds no source documents (§14 Q25). */
export function unknownTypeBodies(bankId: string, account: { readonly bankAccountId: string; readonly externalId: string } | undefined): ReadonlyArray<{ readonly probe: UnknownTypeProbe; readonly body: unknown; readonly resourceId: string }> {
  const accountId = account?.bankAccountId ?? randomUUID();
  const otherId = randomUUID();
  return [
    {
      probe: 'type-resource-updated',
      resourceId: accountId,
      body: { type: 'resourceUpdated', resource: { id: accountId, type: 'bankAccount', url: 'NA' }, additionalData: { ...(account ? { externalId: account.externalId } : {}), bankId } },
    },
    { probe: 'unknown-resource-type', resourceId: otherId, body: { type: 'resourceCreated', resource: { id: otherId, type: 'statement', url: 'NA' }, additionalData: { bankId } } },
  ];
}

/**
 * Waits until whatever the connector may still be pushing for `externalId` is done, so the absence of a
 * statement afterwards means something. With the new-transactions hook this is exact (the hook answers only once
 * every resulting statement completed, and statements of one account go one at a time); without it the kit
 * watches for a statement naming `watchBankAccountId` for a bounded time.
 */
export async function settlePushes(context: FlowContext, input: { readonly externalId: string; readonly watchBankAccountId?: string }): Promise<string> {
  if (context.hooks.has('newTransactions')) {
    const record = await context.hooks.call('newTransactions', { externalId: input.externalId, count: 1 });
    return `hook ${record.id}`;
  }
  const watched = input.watchBankAccountId;
  if (watched === undefined) return 'none';
  const quietMs = Math.min(context.config.timeouts.flowStepMs, 2_000);
  try {
    const seen = await context.simulator.traffic.waitFor(
      (record) => record.from === 'candidate' && record.operationId === 'postStatement' && JSON.stringify(record.request.body ?? '').includes(watched),
      { timeoutMs: quietMs, after: context.simulator.traffic.all().length, description: `a statement for ${watched}` },
    );
    return `statement ${seen.id}`;
  } catch (error) {
    if (error instanceof WaitTimeoutError) return `no statement within ${quietMs} ms`;
    throw error;
  }
}
