import type { ApiName, SpecFinding } from '../../specs/loader/index.ts';

/** A spec finding, and whether it is about the request or the response. */
export type RecordedFinding = SpecFinding & { readonly side: 'request' | 'response' };

/** Who sent or received an exchange. `product` is the kit playing a Sage product; `browser` its auth driver. */
export type Party = 'candidate' | 'banking-service' | 'sage-id' | 'product' | 'browser' | 'kit';

export interface RecordedMessage {
  /** Header names lower-cased; secret values replaced by `[REDACTED:<label>]` markers at capture. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON, or the form fields of a form-urlencoded body; undefined when there was none or it did not parse. */
  readonly body: unknown;
  /** The body as text when it was not JSON (HTML pages, garbage), cut to a bounded length. */
  readonly bodyText: string | undefined;
  readonly bodyBytes: number;
}

/** One HTTP exchange, in either direction, as the evidence every check and the offline review read. */
export interface ExchangeRecord {
  readonly seq: number;
  readonly id: string;
  readonly from: Party;
  readonly to: Party;
  readonly api: ApiName | undefined;
  readonly operationId: string | undefined;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly request: RecordedMessage & { readonly method: string; readonly url: string };
  readonly response: (RecordedMessage & { readonly status: number }) | undefined;
  /** Why the exchange has no complete response: timeout, refused or dropped connection, oversized body. */
  readonly failure: string | undefined;
  readonly findings: readonly RecordedFinding[];
  /** Facts the kit adds at capture, e.g. `{ fault: 'rate-limit-429' }` when the answer was an injected fault. */
  readonly annotations: Readonly<Record<string, string>>;
}
