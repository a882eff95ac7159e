import type { Route, ServerReply, ServerRequest } from '../../http/index.ts';
import { errorReply, findingEntry, jsonBodyOf, singleError } from '../api-support/index.ts';
import { appliesRequest, describeFault, type DueFault } from '../faults/index.ts';
import type { ProviderClient } from '../state/index.ts';
import { postAccountQuery } from './account-queries.ts';
import { authenticateProvider } from './authenticate.ts';
import { patchAuthorisation } from './authorisations.ts';
import { postBanks } from './bank-sync.ts';
import type { ProviderApiContext } from './provider-api-context.ts';
import { getStatement, postStatement } from './statements.ts';

type Handler = (context: ProviderApiContext, provider: ProviderClient, request: ServerRequest, body: unknown) => ServerReply;

interface Operation {
  readonly method: string;
  readonly pattern: string;
  /** As specs/provider-api.yaml names it; faults are scheduled by it. */
  readonly operationId: string;
  readonly handle: Handler;
}

export const PROVIDER_OPERATIONS: readonly Operation[] = Object.freeze([
  { method: 'POST', pattern: '/v1/banks', operationId: 'postBanks', handle: (context, provider, _request, body) => postBanks(context, provider, body) },
  {
    method: 'PATCH',
    pattern: '/v1/authorisations/:authorisationId',
    operationId: 'patchAuthorisation',
    handle: (context, provider, request, body) => patchAuthorisation(context, provider, request.params['authorisationId'] ?? '', body),
  },
  { method: 'POST', pattern: '/v1/statements', operationId: 'postStatement', handle: (context, provider, _request, body) => postStatement(context, provider, body) },
  { method: 'GET', pattern: '/v1/statements/:statementId', operationId: 'getStatement', handle: (context, provider, request) => getStatement(context, provider, request.params['statementId'] ?? '') },
  { method: 'POST', pattern: '/v1/accountqueries', operationId: 'postAccountQuery', handle: (context, provider, _request, body) => postAccountQuery(context, provider, body) },
]);

export const PROVIDER_OPERATION_IDS: readonly string[] = Object.freeze(PROVIDER_OPERATIONS.map((operation) => operation.operationId));

const headerOf = (request: ServerRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Every Provider API request goes the same way: throttle (429) → authenticate (401/403) → injected fault →
 * parse and validate against the provider-api spec (400 with the findings) → apply to state.
 */
export function providerApiRoutes(context: ProviderApiContext): Route[] {
  return PROVIDER_OPERATIONS.map((operation) => ({
    method: operation.method,
    pattern: operation.pattern,
    handler: async (request: ServerRequest): Promise<ServerReply> => {
      context.notes.setOperation(request, operation.operationId);
      context.state.sweepAuthorisations();

      const decision = context.rateLimiter?.take(headerOf(request, 'x-api-key') ?? 'no-api-key');
      if (decision && !decision.allowed) {
        context.notes.annotate(request, { rateLimited: 'true' });
        context.events.append({ type: 'rate-limit.exceeded', operationId: operation.operationId, retryAfterSeconds: decision.retryAfterSeconds });
        return errorReply(
          429,
          [{ code: 'rate-limited', message: `more than ${context.rateLimiter?.limit} requests in one second: wait Retry-After seconds before retrying [APPLY]` }],
          { 'retry-after': String(decision.retryAfterSeconds) },
        );
      }

      const authentication = await authenticateProvider(request, { verifier: context.verifier, audience: context.audience, providers: context.state.providers });
      if (!authentication.ok) {
        const headers: Record<string, string> = authentication.status === 401 ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {};
        return errorReply(authentication.status, [{ code: authentication.code, message: authentication.message }], headers);
      }
      const provider = authentication.provider;

      const due = context.faults.take(operation.operationId);
      if (due) {
        context.notes.annotate(request, describeFault(due.fault));
        context.events.append({ type: 'fault.injected', operationId: due.operationId, occurrence: due.occurrence, fault: due.fault.kind, detail: describeFault(due.fault) });
        return injectFault(due, () => apply(context, operation, provider, request));
      }
      return apply(context, operation, provider, request);
    },
  }));
}

function apply(context: ProviderApiContext, operation: Operation, provider: ProviderClient, request: ServerRequest): ServerReply {
  const parsed = jsonBodyOf(request);
  if (!parsed.ok) return parsed.reply;
  if (context.validator) {
    const query: Record<string, string> = Object.fromEntries(request.query.entries());
    const outcome = context.validator.validateRequest({ method: request.method, path: request.path, query, headers: request.headers, body: parsed.body }, operation.operationId);
    if (!outcome.valid) return errorReply(400, outcome.findings.map(findingEntry));
  }
  return operation.handle(context, provider, request, parsed.body);
}

/** The injected answer; for the "stored" variants the request takes effect first and its answer is lost. */
async function injectFault(due: DueFault, run: () => ServerReply): Promise<ServerReply> {
  const fault = due.fault;
  if (fault.kind === 'delay') {
    await wait(fault.ms);
    return run();
  }
  if (appliesRequest(fault)) run();
  switch (fault.kind) {
    case 'unauthorized-401':
      return errorReply(401, [{ code: 'token-revoked', message: 'the token is no longer accepted: request a new one from POST /oauth/token [G-POST]' }], { 'www-authenticate': 'Bearer error="invalid_token"' });
    case 'rate-limit-429':
      return errorReply(429, [{ code: 'rate-limited', message: 'throttled: wait Retry-After seconds before retrying [APPLY]' }], { 'retry-after': String(fault.retryAfterSeconds) });
    case 'server-error-500':
      return singleError(500, 'internal-error', 'Banking Service failed: delivery is uncertain, resubmitting the same request is safe [APPLY]');
    case 'drop-connection':
      return { drop: true };
  }
}
