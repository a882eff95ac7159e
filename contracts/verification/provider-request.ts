import type { IncomingHttpHeaders } from 'node:http';

/** A request of Pact's verifier on its way to the provider, as the kit's verifier server received it. */
export interface ProviderRequest {
  readonly method: string;
  /** Path and query; a filter may change it (a connector's registered callback path, a seeded id). */
  url: string;
  /** Lower-case names, as Node parsed them; a filter may add, change or remove headers. */
  readonly headers: IncomingHttpHeaders;
  /** The body's bytes exactly as the verifier sent them; change them with `editBody`. */
  body: Buffer;
}

/** Runs on every request the verifier sends to the provider, before the kit passes it on. */
export type RequestFilter = (request: ProviderRequest) => void | Promise<void>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function mediaTypeOf(request: ProviderRequest): string {
  const value = request.headers['content-type'];
  return ((Array.isArray(value) ? value[0] : value) ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function formFields(text: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const seen = fields[name];
    fields[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return fields;
}

function formText(fields: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const item of Array.isArray(value) ? value : [value]) form.append(name, String(item));
  return form.toString();
}

/**
 * Lets `edit` change the fields of a JSON object or form-urlencoded body in place. The body is re-encoded in its own
 * encoding only when `edit` changed something, so every byte the filter did not mean to change goes on as the
 * verifier sent it; a body that is neither, or does not parse, is left alone.
 */
export function editBody(request: ProviderRequest, edit: (fields: Record<string, unknown>) => void): void {
  const mediaType = mediaTypeOf(request);
  const text = request.body.toString('utf8');
  if (mediaType === 'application/x-www-form-urlencoded') {
    const fields = formFields(text);
    const before = formText(fields);
    edit(fields);
    const after = formText(fields);
    if (after !== before) request.body = Buffer.from(after);
    return;
  }
  if (mediaType !== 'application/json' && !mediaType.endsWith('+json')) return;
  let fields: unknown;
  try {
    fields = JSON.parse(text);
  } catch {
    return;
  }
  if (!isRecord(fields)) return;
  const before = JSON.stringify(fields);
  edit(fields);
  const after = JSON.stringify(fields);
  if (after !== before) request.body = Buffer.from(after);
}
