import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exchangeAttachment, exchangeStepName, stageExchangeAttachments, stagedAttachmentPath } from './exchange-attachments.ts';
import { sampleExchange } from './test-support/sample-run.ts';

const dir = await mkdtemp(join(tmpdir(), 'bsck-exchange-attachments-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('exchange steps', () => {
  it('names a step by id, parties, method, path, operation and outcome, never the host or port', () => {
    expect(exchangeStepName('x-000001', sampleExchange(1))).toBe('x-000001 candidate → banking-service POST /v1/statements [postStatements] → 400');
    expect(exchangeStepName('x-000009', sampleExchange(9, { response: undefined, failure: 'timeout' }))).toBe('x-000009 candidate → banking-service POST /v1/statements [postStatements] → no response (timeout)');
    expect(exchangeStepName('x-000404', undefined)).toBe('x-000404 (not in the traffic log)');
  });

  it('attaches the request and the response as recorded (redacted at capture) in one JSON, with findings when there are any', () => {
    const attachment = JSON.parse(exchangeAttachment(sampleExchange(1, { findings: [{ side: 'request', path: '/data', message: 'bad' } as never] }))) as {
      id: string; request: { method: string; headers: Record<string, string> }; response: unknown; findings: unknown[];
    };
    expect(attachment.id).toBe('x-000001');
    expect(attachment.request.method).toBe('POST');
    expect(attachment.request.headers['authorization']).toBe('Bearer [REDACTED:bearer#abcd1234]');
    expect(attachment.response).toMatchObject({ status: 400, body: { errors: ['duplicate uniqueId'] } });
    expect(attachment.findings).toHaveLength(1);
    expect(JSON.parse(exchangeAttachment(sampleExchange(2, { response: undefined, failure: 'timeout' })))).toMatchObject({ response: null, failure: 'timeout' });
  });
});

describe('stageExchangeAttachments', () => {
  it('writes each cited exchange\'s attachment once, where stagedAttachmentPath finds it', async () => {
    const exchanges = new Map([sampleExchange(1), sampleExchange(2, { response: undefined, failure: 'refused' })].map((record) => [record.id, record]));
    const written = await stageExchangeAttachments(join(dir, 'staging'), exchanges, ['x-000001', 'x-000002', 'x-000001', 'x-000404']);
    expect(written).toBe(2);
    expect((await readdir(join(dir, 'staging'))).sort()).toEqual(['x-000001.json', 'x-000002.json']);
    expect(JSON.parse(await readFile(stagedAttachmentPath(join(dir, 'staging'), 'x-000002'), 'utf8'))).toMatchObject({ failure: 'refused' });
  });
});
