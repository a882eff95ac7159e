import type { IncomingHttpHeaders } from 'node:http';
import type { ServerRequest } from '../../http/index.ts';

export interface ExchangeNote {
  readonly operationId: string | undefined;
  readonly annotations: Readonly<Record<string, string>>;
}

/**
 * What a handler learned about its exchange (the operation it served, an injected fault) handed to the capture
 * that records it. harness/http passes the same headers object to the handler (ServerRequest.headers) and to
 * onExchange (CapturedExchange.request.headers), so it identifies the exchange without changing that module, and
 * the WeakMap lets it go with the request.
 */
export class ExchangeNotes {
  private readonly notes = new WeakMap<IncomingHttpHeaders, { operationId: string | undefined; annotations: Record<string, string> }>();

  setOperation(request: ServerRequest, operationId: string): void {
    this.entry(request.headers).operationId = operationId;
  }

  annotate(request: ServerRequest, annotations: Readonly<Record<string, string>>): void {
    Object.assign(this.entry(request.headers).annotations, annotations);
  }

  read(headers: IncomingHttpHeaders): ExchangeNote {
    const note = this.notes.get(headers);
    return { operationId: note?.operationId, annotations: { ...note?.annotations } };
  }

  private entry(headers: IncomingHttpHeaders) {
    let note = this.notes.get(headers);
    if (!note) {
      note = { operationId: undefined, annotations: {} };
      this.notes.set(headers, note);
    }
    return note;
  }
}
