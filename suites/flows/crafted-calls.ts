import { sendRequest } from '../../harness/http/index.ts';
import type { ExchangeRecord } from '../../harness/traffic/index.ts';
import type { FlowContext } from './flow-driver.ts';
import { PROBE_ANNOTATION, PROBE_RESOURCE_ANNOTATION } from './probe-names.ts';

/** A call the kit makes to the connector as Banking Service would, but with something deliberately wrong. */
export interface CraftedCall {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly operationId: 'postNotification' | 'getAvailableAccounts';
  readonly headers: Readonly<Record<string, string>>;
  /** An object is sent as JSON; a string is sent as it is (a body that is not JSON), always as application/json. */
  readonly body?: unknown;
  /** Which probe this is (annotation `probe`), so a check finds it whatever step it ran in. */
  readonly probe: string;
  /** The authorisation or bank account id the call is about (annotation `probe.resourceId`). */
  readonly resourceId?: string;
}

const API_PATHS = { postNotification: '/notification', getAvailableAccounts: '/availableaccounts' } as const;

/**
 * Sends one crafted call and records it like the simulator records its own calls to the connector
 * (banking-service → candidate, connector-api, the operation), so it is validated against the Connector API and
 * redacted at capture. Never throws for the candidate's behaviour: no answer is evidence too.
 */
export async function sendAsBankingService(context: FlowContext, call: CraftedCall): Promise<ExchangeRecord> {
  const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  const exchange = await sendRequest({
    method: call.method,
    url: call.url,
    headers,
    ...(call.body === undefined ? {} : { body: typeof call.body === 'string' ? call.body : JSON.stringify(call.body) }),
    timeoutMs: context.config.timeouts.requestMs,
  });
  return context.simulator.traffic.record({
    from: 'banking-service',
    to: 'candidate',
    api: 'connector-api',
    operationId: call.operationId,
    apiPath: API_PATHS[call.operationId],
    startedAt: exchange.startedAt,
    durationMs: exchange.durationMs,
    request: exchange.request,
    ...(exchange.response ? { response: exchange.response } : {}),
    ...(exchange.failure ? { failure: `${exchange.failure.kind}: ${exchange.failure.message}` } : {}),
    annotations: { [PROBE_ANNOTATION]: call.probe, ...(call.resourceId === undefined ? {} : { [PROBE_RESOURCE_ANNOTATION]: call.resourceId }) },
  });
}

/** A status line for progress and messages: `x-000042 answered 403` or `x-000042 got no answer (timeout: …)`. */
export function describeAnswer(record: ExchangeRecord): string {
  return record.response ? `${record.id} answered ${record.response.status}` : `${record.id} got no answer (${record.failure ?? 'no response'})`;
}
