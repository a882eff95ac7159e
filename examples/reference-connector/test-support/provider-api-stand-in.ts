import { randomUUID } from 'node:crypto';
import { startStandIn, type RecordedRequest, type StandInReply, type StandInServer } from './http-stand-in.ts';

export interface ProviderApiStandIn extends StandInServer {
  readonly principalId: string;
  /** Replies used before the default behaviour, first match wins and is consumed (to inject 401/429/500/drops). */
  readonly scripted: { readonly match: (request: RecordedRequest) => boolean; readonly reply: StandInReply }[];
  /** Statement bodies accepted, by statement id. */
  readonly statements: Map<string, unknown>;
  /** How a statement ends when polled (default completed). */
  finalStatus: (statement: unknown) => { status: 'completed' | 'rejected'; reasons: unknown[] };
}

/**
 * Just enough Provider API for the connector's own tests: it checks x-api-key and the presence of a bearer token
 * (signature checks are the simulator's job), accepts bank sync, PATCH and statements, and reports statements
 * completed on the first poll. The real, rule-checking simulator lives in harness/banking-service.
 */
export async function startProviderApiStandIn(options: { readonly apiKey: string; readonly port?: number }): Promise<ProviderApiStandIn> {
  const principalId = randomUUID();
  const scripted: ProviderApiStandIn['scripted'] = [];
  const statements = new Map<string, unknown>();
  const standIn = {
    finalStatus: (_statement: unknown) => ({ status: 'completed' as const, reasons: [] as unknown[] }),
  };
  const server = await startStandIn((request) => {
    const index = scripted.findIndex((entry) => entry.match(request));
    if (index !== -1) return scripted.splice(index, 1)[0]!.reply;
    if (request.headers['x-api-key'] !== options.apiKey) return { status: 403, json: { errors: [{ code: 'forbidden', message: 'wrong x-api-key' }] } };
    if (!/^Bearer \S+$/.test(String(request.headers.authorization ?? ''))) return { status: 401, json: { errors: [{ code: 'unauthenticated', message: 'no token' }] } };
    if (request.method === 'POST' && request.path === '/v1/banks') {
      return { status: 200, json: { data: { created: [{ principalId, externalRef: 'x', name: 'x' }], updated: [], removed: [] } } };
    }
    if (request.method === 'PATCH' && request.path.startsWith('/v1/authorisations/')) return { status: 204 };
    if (request.method === 'POST' && request.path === '/v1/statements') {
      const id = randomUUID();
      statements.set(id, request.body);
      return { status: 201, json: { data: { _id: id, status: 'accepted' } } };
    }
    if (request.method === 'GET' && request.path.startsWith('/v1/statements/')) {
      const id = decodeURIComponent(request.path.slice('/v1/statements/'.length));
      const statement = statements.get(id);
      if (statement === undefined) return { status: 404, json: { errors: [{ code: 'not-found', message: 'no statement' }] } };
      const { status, reasons } = standIn.finalStatus(statement);
      const bankAccountId = (statement as { data?: { accountDetails?: { bankAccountId?: string }[] } }).data?.accountDetails?.[0]?.bankAccountId;
      return { status: 200, json: { data: { _id: id, bankAccountId, status, reasons } } };
    }
    if (request.method === 'POST' && request.path === '/v1/accountqueries') return { status: 404, json: { errors: [{ code: 'not-found', message: 'no account' }] } };
    return { status: 404, json: { errors: [{ code: 'not-found', message: `no route ${request.method} ${request.path}` }] } };
  }, options.port === undefined ? {} : { port: options.port });
  return Object.assign(standIn, server, { principalId, scripted, statements });
}
