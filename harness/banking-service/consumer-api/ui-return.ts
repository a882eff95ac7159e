import type { ServerReply, ServerRequest } from '../../http/index.ts';
import type { ConsumerApiContext } from './consumer-api-context.ts';

const page = (title: string, text: string): ServerReply => ({
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  text: `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`,
});

/**
 * The Banking Service UI page behind redirect_uri [C-AUTH] [C-REFRESH] [KC-16]: records whether the connector
 * sent the user back with the session's state, and in which form (policy redirect-state-format, Q7).
 */
export function authorisationReturn(context: ConsumerApiContext, request: ServerRequest): ServerReply {
  context.state.sweepAuthorisations();
  const authorisationId = request.params['authorisationId'] ?? '';
  const landing = request.params['landing'] ?? '';
  const session = context.state.authorisations.get(authorisationId);
  if (!session || !landing.startsWith('return')) return { ...page('Unknown authorisation', 'This Banking Service page does not belong to an authorisation.'), status: 404 };
  const raw = landing.slice('return'.length);
  const queried = request.query.get('state');
  const presented = queried ?? (raw === '' ? undefined : raw);
  const format = queried !== null ? 'query-parameter' : raw !== '' ? 'raw' : 'none';
  const state = presented === undefined ? 'missing' : presented === session.state ? 'matched' : 'wrong';
  const accepted = state === 'matched' && (format === 'query-parameter' || context.policies['redirect-state-format'] === 'query-parameter-or-raw');
  context.events.append({ type: 'authorisation.returned', authorisationId, state, format, accepted });
  return accepted ? page('Authorisation finished', 'You can close this window and return to your Sage product.') : page('Authorisation not recognised', 'The bank sent you back without the expected state.');
}
