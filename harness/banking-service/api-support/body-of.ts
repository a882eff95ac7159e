import type { ServerRequest } from '../../http/index.ts';
import { singleError } from './error-body.ts';
import type { ServerReply } from '../../http/index.ts';

/** The JSON body of a request, undefined when there is none, or the 400 to answer when it is not JSON. */
export function jsonBodyOf(request: ServerRequest): { ok: true; body: unknown } | { ok: false; reply: ServerReply } {
  switch (request.body.kind) {
    case 'none':
      return { ok: true, body: undefined };
    case 'json':
      return { ok: true, body: request.body.value };
    case 'invalid-json':
      return { ok: false, reply: singleError(400, 'invalid-json', `the body is not valid JSON (${request.body.error}): send Content-Type: application/json with a JSON body`) };
    default:
      return { ok: false, reply: singleError(400, 'unsupported-media-type', 'the body must be JSON: send Content-Type: application/json') };
  }
}
