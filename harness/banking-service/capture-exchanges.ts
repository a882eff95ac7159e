import type { CapturedExchange } from '../http/index.ts';
import type { Party, TrafficLog } from '../traffic/index.ts';
import type { ApiName } from '../../specs/loader/index.ts';
import type { ExchangeNotes } from './api-support/index.ts';
import { CONSUMER_BASE_PATH } from './consumer-api/index.ts';

export interface CaptureRoute {
  readonly from: Party;
  readonly to: Party;
  readonly api: ApiName | undefined;
  /** The path relative to the API's base, for the spec router. */
  readonly apiPath: string;
}

/** Turns what a simulator server saw into a traffic-log record, with what its handler noted about it. */
export function captureInto(traffic: TrafficLog, route: (path: string) => CaptureRoute, notes?: ExchangeNotes) {
  return (exchange: CapturedExchange): void => {
    const path = new URL(exchange.request.url).pathname;
    const where = route(path);
    const note = notes?.read(exchange.request.headers);
    traffic.record({
      from: where.from,
      to: where.to,
      ...(where.api ? { api: where.api } : {}),
      ...(note?.operationId ? { operationId: note.operationId } : {}),
      apiPath: where.apiPath,
      startedAt: exchange.startedAt,
      durationMs: exchange.durationMs,
      request: exchange.request,
      ...(exchange.response ? { response: exchange.response } : {}),
      ...(exchange.error ? { failure: exchange.error } : {}),
      ...(note && Object.keys(note.annotations).length > 0 ? { annotations: note.annotations } : {}),
    });
  };
}

export const sageIdRoute = (path: string): CaptureRoute => ({ from: 'candidate', to: 'sage-id', api: 'sage-id', apiPath: path });

export const providerApiRoute = (path: string): CaptureRoute => ({ from: 'candidate', to: 'banking-service', api: 'provider-api', apiPath: path });

/** The product calls /api/v1/…; the user's browser lands on the UI return page outside it. */
export const consumerApiRoute = (path: string): CaptureRoute =>
  path.startsWith(`${CONSUMER_BASE_PATH}/`)
    ? { from: 'product', to: 'banking-service', api: 'consumer-api', apiPath: path.slice(CONSUMER_BASE_PATH.length) }
    : { from: 'browser', to: 'banking-service', api: undefined, apiPath: path };
