import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ApiName, SpecSet } from '../../specs/loader/index.ts';
import type { ExchangeRecord, Party, RecordedFinding, RecordedMessage } from './exchange-record.ts';
import type { Redactor } from './redactor.ts';

export interface CaptureInput {
  readonly from: Party;
  readonly to: Party;
  readonly api?: ApiName;
  readonly operationId?: string;
  /** The path relative to the API's base, used to route the exchange to its operation (`/v1/statements`). */
  readonly apiPath?: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
    readonly body: Buffer;
  };
  readonly response?: { readonly status: number; readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>; readonly body: Buffer };
  readonly failure?: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface TrafficLogOptions {
  readonly redactor: Redactor;
  /** When given, every exchange of a known API is validated at capture and its findings stored with it. */
  readonly specs?: SpecSet;
  /** JSONL file; each record is written as it is captured, so an interrupted run keeps what it saw. */
  readonly file?: string;
  readonly maxBodyTextChars?: number;
}

export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
}

type Listener = (record: ExchangeRecord) => void;

/** How much of a body that is not JSON a record keeps: enough to read an error page, never a hostile peer's megabytes. */
export const DEFAULT_MAX_BODY_TEXT = 64 * 1024;

function headerValue(headers: CaptureInput['request']['headers'], name: string): string | undefined {
  const value = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value.join(', ') : (value as string | undefined);
}

function decodeBody(raw: Buffer, contentType: string | undefined): { parsed: unknown; text: string | undefined } {
  if (raw.length === 0) return { parsed: undefined, text: undefined };
  const text = raw.toString('utf8');
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (media === 'application/x-www-form-urlencoded') return { parsed: Object.fromEntries(new URLSearchParams(text)), text: undefined };
  if (media === 'application/json' || media.endsWith('+json') || media === '') {
    try {
      return { parsed: JSON.parse(text) as unknown, text: undefined };
    } catch {
      return { parsed: undefined, text };
    }
  }
  return { parsed: undefined, text };
}

/** The run's single record of HTTP evidence: redacted at capture, validated against the specs, awaitable. */
export class TrafficLog {
  private readonly records: ExchangeRecord[] = [];
  private readonly listeners = new Set<Listener>();
  private fd: number | undefined;
  private readonly maxBodyText: number;

  constructor(private readonly options: TrafficLogOptions) {
    this.maxBodyText = options.maxBodyTextChars ?? DEFAULT_MAX_BODY_TEXT;
    if (options.file) {
      mkdirSync(dirname(options.file), { recursive: true });
      this.fd = openSync(options.file, 'w');
    }
  }

  record(input: CaptureInput): ExchangeRecord {
    const { redactor } = this.options;
    const requestBody = decodeBody(input.request.body, headerValue(input.request.headers, 'content-type'));
    const responseBody = input.response ? decodeBody(input.response.body, headerValue(input.response.headers, 'content-type')) : undefined;
    const { operationId, findings } = this.validate(input, requestBody.parsed, responseBody?.parsed);

    const cuts: Record<string, string> = {};
    const message = (side: 'request' | 'response', headers: CaptureInput['request']['headers'], body: { parsed: unknown; text: string | undefined }, bytes: number): RecordedMessage => ({
      headers: redactor.redactHeaders(headers),
      body: redactor.redactValue(body.parsed),
      bodyText: body.text === undefined ? undefined : this.boundedText(redactor.redactText(body.text), side, cuts),
      bodyBytes: bytes,
    });

    const seq = this.records.length + 1;
    const record: ExchangeRecord = Object.freeze({
      seq,
      id: `x-${String(seq).padStart(6, '0')}`,
      from: input.from,
      to: input.to,
      api: input.api,
      operationId,
      startedAt: input.startedAt,
      durationMs: Math.round(input.durationMs * 1000) / 1000,
      request: { method: input.request.method.toUpperCase(), url: redactor.redactText(input.request.url), ...message('request', input.request.headers, requestBody, input.request.body.length) },
      response: input.response && responseBody
        ? { status: input.response.status, ...message('response', input.response.headers, responseBody, input.response.body.length) }
        : undefined,
      failure: input.failure === undefined ? undefined : redactor.redactText(input.failure),
      findings: redactor.redactValue(findings) as RecordedFinding[],
      annotations: { ...input.annotations, ...cuts },
    });
    this.records.push(record);
    if (this.fd !== undefined) writeSync(this.fd, `${JSON.stringify(record)}\n`);
    for (const listener of this.listeners) listener(record);
    return record;
  }

  all(): readonly ExchangeRecord[] {
    return this.records;
  }

  onRecord(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves with the first record (already captured or still to come) that matches, or rejects after
   * `timeoutMs` naming what was awaited: the suites await evidence, they never sleep for it.
   */
  waitFor(predicate: (record: ExchangeRecord) => boolean, options: { timeoutMs: number; description: string; after?: number }): Promise<ExchangeRecord> {
    const after = options.after ?? 0;
    const existing = this.records.find((record) => record.seq > after && predicate(record));
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new WaitTimeoutError(`timed out after ${options.timeoutMs} ms waiting for ${options.description}`));
      }, options.timeoutMs);
      const unsubscribe = this.onRecord((record) => {
        if (record.seq <= after || !predicate(record)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(record);
      });
    });
  }

  /** Closes the file; an exchange that completes afterwards (a request in flight at Ctrl-C) is kept in memory only. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.listeners.clear();
  }

  /**
   * A body that is not JSON is kept as text up to the bound, and the record says it was cut. Redacted before it is
   * cut: cutting first could keep the first half of a secret, which no redaction would recognise any more.
   */
  private boundedText(text: string, side: 'request' | 'response', cuts: Record<string, string>): string {
    if (text.length <= this.maxBodyText) return text;
    cuts[`${side}-body-text-truncated`] = `the first ${this.maxBodyText} of ${text.length} characters are kept`;
    return text.slice(0, this.maxBodyText);
  }

  private validate(input: CaptureInput, requestBody: unknown, responseBody: unknown): { operationId: string | undefined; findings: RecordedFinding[] } {
    const validator = input.api ? this.options.specs?.[input.api] : undefined;
    if (!validator) return { operationId: input.operationId, findings: [] };
    const url = new URL(input.request.url);
    const path = input.apiPath ?? url.pathname;
    const operationId = input.operationId ?? validator.matchOperation(input.request.method, path);
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const values = url.searchParams.getAll(key);
      query[key] = values.length === 1 ? (values[0] ?? '') : values;
    }
    const findings: RecordedFinding[] = validator
      .validateRequest({ method: input.request.method, path, query, headers: input.request.headers, body: requestBody }, operationId)
      .findings.map((finding) => ({ ...finding, side: 'request' as const }));
    if (input.response && operationId) {
      findings.push(
        ...validator
          .validateResponse(operationId, input.response.status, responseBody, input.response.headers)
          .findings.map((finding) => ({ ...finding, side: 'response' as const })),
      );
    }
    return { operationId, findings };
  }
}
