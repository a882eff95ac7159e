import type { SimulatorEvent } from '../../harness/banking-service/events/simulator-event.ts';
import { DEFAULT_POLICIES, type Policies } from '../../harness/policies/index.ts';
import type { ExchangeRecord, RecordedFinding } from '../../harness/traffic/index.ts';
import type { FlowStepRecord } from '../flows/flow-step.ts';
import { loadRequirementSet, type Flow } from '../requirements/index.ts';
import type { CheckContext } from './check.ts';
import type { Evidence } from './evidence.ts';

/**
 * Hand-built evidence for the unit tests of the security, resilience and spec-conformance checks: records in the
 * shape the traffic log captures (redaction markers included), with times given in milliseconds from an anchor.
 */
const ANCHOR_MS = Date.parse('2025-06-01T12:00:00.000Z');
export const PROVIDER_CLIENT_ID = 'provider-under-test';

export interface RecordInput {
  readonly from?: ExchangeRecord['from'];
  readonly to?: ExchangeRecord['to'];
  readonly api?: ExchangeRecord['api'];
  readonly operationId?: string;
  readonly method?: string;
  readonly url?: string;
  /** Milliseconds after the anchor. */
  readonly at?: number;
  readonly durationMs?: number;
  readonly requestHeaders?: Record<string, string>;
  readonly requestBody?: unknown;
  /** Omit for an exchange without an answer. */
  readonly status?: number;
  readonly responseHeaders?: Record<string, string>;
  readonly responseBody?: unknown;
  readonly responseText?: string;
  readonly failure?: string;
  readonly findings?: readonly RecordedFinding[];
  readonly annotations?: Record<string, string>;
}

export class EvidenceBuilder {
  readonly traffic: ExchangeRecord[] = [];
  readonly events: SimulatorEvent[] = [];
  readonly steps: FlowStepRecord[] = [];
  policies: Policies = DEFAULT_POLICIES;

  record(input: RecordInput): ExchangeRecord {
    const seq = this.traffic.length + 1;
    const record: ExchangeRecord = {
      seq,
      id: `x-${String(seq).padStart(6, '0')}`,
      from: input.from ?? 'candidate',
      to: input.to ?? 'banking-service',
      api: 'api' in input ? input.api : 'provider-api',
      operationId: input.operationId,
      startedAt: new Date(ANCHOR_MS + (input.at ?? seq * 10)).toISOString(),
      durationMs: input.durationMs ?? 2,
      request: { method: input.method ?? 'POST', url: input.url ?? 'http://127.0.0.1:1/v1/statements', headers: input.requestHeaders ?? {}, body: input.requestBody, bodyText: undefined, bodyBytes: 0 },
      response: input.status === undefined ? undefined : { status: input.status, headers: input.responseHeaders ?? {}, body: input.responseBody, bodyText: input.responseText, bodyBytes: 0 },
      failure: input.failure,
      findings: input.findings ?? [],
      annotations: input.annotations ?? {},
    };
    this.traffic.push(record);
    return record;
  }

  /** A Provider API call with the run's API key and a bearer token of the given fingerprint. */
  providerCall(input: RecordInput & { readonly token?: string }): ExchangeRecord {
    return this.record({
      ...input,
      requestHeaders: { 'x-api-key': '[REDACTED:api-key]', authorization: `Bearer [REDACTED:bearer#${input.token ?? 'aaaaaaaa'}]`, ...input.requestHeaders },
    });
  }

  /** A successful POST /oauth/token of the provider. */
  tokenGrant(at: number, lifetimeSeconds: number): ExchangeRecord {
    return this.record({
      api: 'sage-id',
      to: 'sage-id',
      operationId: 'postToken',
      url: 'http://127.0.0.1:2/oauth/token',
      at,
      requestHeaders: { 'content-type': 'application/x-www-form-urlencoded' },
      requestBody: { grant_type: 'client_credentials', client_id: PROVIDER_CLIENT_ID, client_secret: '[REDACTED:client-secret]', audience: 'provider-api' },
      status: 200,
      responseBody: { access_token: '[REDACTED:sage-id-token]', token_type: 'Bearer', expires_in: lifetimeSeconds },
    });
  }

  event(body: Record<string, unknown> & { readonly type: SimulatorEvent['type'] }): SimulatorEvent {
    const event = { ...body, seq: this.events.length + 1, at: new Date(ANCHOR_MS).toISOString() } as unknown as SimulatorEvent;
    this.events.push(event);
    return event;
  }

  /** A step of `flow` covering the records captured between now and `finish()`. */
  step(flow: Flow, name: string, data: Record<string, string> = {}): { finish(): FlowStepRecord } {
    const afterExchange = this.traffic.length;
    const afterEvent = this.events.length;
    return {
      finish: () => {
        const step: FlowStepRecord = {
          seq: this.steps.length + 1, flow, step: name, status: 'ok', message: 'done', startedAt: new Date(ANCHOR_MS).toISOString(), durationMs: 1,
          afterExchange, lastExchange: this.traffic.length, afterEvent, lastEvent: this.events.length, data,
        };
        this.steps.push(step);
        return step;
      },
    };
  }

  evidence(): Evidence {
    return {
      traffic: this.traffic,
      events: this.events,
      steps: this.steps,
      facts: { capabilities: [], policies: this.policies, providerClientId: PROVIDER_CLIENT_ID, connectorUrl: 'http://127.0.0.1:3', tokenLifetimeSeconds: 28_800, authDriver: 'form' },
    };
  }

  /** The context the judge gives the check of `requirementId`. */
  context(requirementId: string): CheckContext {
    const requirement = loadRequirementSet().requirements.find((candidate) => candidate.id === requirementId);
    if (!requirement) throw new Error(`no requirement ${requirementId} in the current set`);
    return { requirement, policies: this.policies };
  }
}
