import { STATEMENT_RULES } from '../../harness/banking-service/rules/index.ts';
import type { GatewayExchange } from '../simulator-support/index.ts';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The operations the simulated Banking Service serves (specs/provider-api.yaml, specs/sage-id.yaml). */
export const SIMULATED_OPERATIONS = Object.freeze([
  'POST /oauth/token',
  'POST /v1/banks',
  'PATCH /v1/authorisations/{authorisationId}',
  'POST /v1/statements',
  'GET /v1/statements/{statementId}',
  'POST /v1/accountqueries',
]);

function explainEntry(entry: Record<string, unknown>): string {
  const code = text(entry['code']) ?? 'refused';
  const message = text(entry['message']) ?? 'no message';
  const rule = text(entry['rule']);
  const evidence = Array.isArray(entry['evidence']) ? entry['evidence'].filter((tag): tag is string => typeof tag === 'string') : [];
  const policy = text(entry['policy']);
  const pointer = text(entry['pointer']);
  const anchors = rule ? (STATEMENT_RULES.find((known) => known.id === rule)?.anchors ?? []) : [];
  const source = rule
    ? `rule ${rule}${anchors.length > 0 ? ` (${anchors.join(', ')})` : ''}`
    : code.startsWith('spec-')
      ? 'Provider API document (specs/provider-api.yaml)'
      : code;
  const tags = evidence.length > 0 ? ` [${evidence.join('] [')}]` : '';
  const at = pointer && !message.includes(pointer) ? ` at ${pointer}` : '';
  const policyNote = policy && !message.includes(`policy ${policy}`) ? ` (policy ${policy})` : '';
  return `${source}${tags}: ${message}${at}${policyNote}`;
}

/**
 * Why the simulated Banking Service refused a request, in its own words: each error entry's rule (or spec
 * finding, or policy) with its evidence tags and message [KC-06]. Empty when it did not refuse.
 */
export function explainRefusal(exchange: GatewayExchange): string[] {
  if (exchange.failure) return [`the simulated Banking Service gave no answer: ${exchange.failure}`];
  const status = exchange.status ?? 0;
  if (status < 400) return [];
  const body = exchange.body;
  const prefix = `${exchange.method} ${exchange.path.split('?')[0]} answered ${status}`;
  if (isRecord(body) && Array.isArray(body['errors']) && body['errors'].length > 0) {
    const lines = body['errors'].filter(isRecord).map((entry) => `${prefix}: ${explainEntry(entry)}`);
    const unknownRoute = body['errors'].some((entry) => isRecord(entry) && (entry['code'] === 'not-found' || entry['code'] === 'method-not-allowed'));
    if (unknownRoute) lines.push(`the simulated Banking Service serves only ${SIMULATED_OPERATIONS.join(', ')}`);
    return lines;
  }
  // Sage ID answers OAuth errors [G-POST].
  if (isRecord(body) && text(body['error'])) return [`${prefix}: Sage ID ${String(body['error'])}: ${text(body['error_description']) ?? 'no description'}`];
  return [`${prefix} without an error body`];
}
