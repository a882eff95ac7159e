import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExchangeRecord } from '../traffic/index.ts';

/** `x-000042 candidate → banking-service POST /v1/statements → 400`: the path only, never the host or port. */
export function exchangeStepName(id: string, record: ExchangeRecord | undefined): string {
  if (!record) return `${id} (not in the traffic log)`;
  let path = record.request.url;
  try {
    const url = new URL(record.request.url);
    path = url.pathname + url.search;
  } catch {
    // Not an absolute URL: show it as recorded.
  }
  const outcome = record.response ? String(record.response.status) : `no response (${record.failure ?? 'none recorded'})`;
  const operation = record.operationId ? ` [${record.operationId}]` : '';
  return `${id} ${record.from} → ${record.to} ${record.request.method} ${path}${operation} → ${outcome}`;
}

/** What an exchange's attachment is called in Allure. */
export const EXCHANGE_ATTACHMENT_NAME = 'request and response';

/**
 * The one attachment of an exchange: the request and the response as recorded (redacted at capture), with the
 * failure, spec findings and annotations when there are any. One file rather than one per part: the Allure writer
 * fsyncs every file it writes, and a report has hundreds.
 */
export function exchangeAttachment(record: ExchangeRecord): string {
  const message = (part: { headers: unknown; body: unknown; bodyText: string | undefined; bodyBytes: number }) => ({
    headers: part.headers,
    ...(part.body !== undefined ? { body: part.body } : {}),
    ...(part.bodyText !== undefined ? { bodyText: part.bodyText } : {}),
    bodyBytes: part.bodyBytes,
  });
  return JSON.stringify({
    id: record.id,
    from: record.from,
    to: record.to,
    ...(record.operationId ? { operationId: record.operationId } : {}),
    request: { method: record.request.method, url: record.request.url, ...message(record.request) },
    response: record.response ? { status: record.response.status, ...message(record.response) } : null,
    ...(record.failure ? { failure: record.failure } : {}),
    ...(record.findings.length > 0 ? { findings: record.findings } : {}),
    ...(Object.keys(record.annotations).length > 0 ? { annotations: record.annotations } : {}),
  }, null, 2);
}

/** Where the staged attachment of an exchange lives: `<staging>/<exchange id>.json`. */
export const stagedAttachmentPath = (stagingDir: string, id: string): string => join(stagingDir, `${id}.json`);

/**
 * Writes the attachment of every exchange the verdicts cite, once each, for the report suites to attach by path.
 * An exchange cited by many requirements is written once and copied by the reporter, instead of being sent
 * base64-encoded from the test worker for every test that cites it (seconds per thousand steps).
 */
export async function stageExchangeAttachments(stagingDir: string, exchanges: ReadonlyMap<string, ExchangeRecord>, cited: Iterable<string>): Promise<number> {
  await rm(stagingDir, { recursive: true, force: true });
  await mkdir(stagingDir, { recursive: true });
  let written = 0;
  for (const id of new Set(cited)) {
    const record = exchanges.get(id);
    if (!record) continue;
    await writeFile(stagedAttachmentPath(stagingDir, id), exchangeAttachment(record));
    written += 1;
  }
  return written;
}
