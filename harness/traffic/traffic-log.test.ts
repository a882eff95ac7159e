import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedactor } from './redactor.ts';
import { TrafficLog, WaitTimeoutError, type CaptureInput } from './traffic-log.ts';

const dir = mkdtempSync(join(tmpdir(), 'traffic-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tokenRequest = (secret: string): CaptureInput => ({
  from: 'candidate',
  to: 'sage-id',
  startedAt: new Date().toISOString(),
  durationMs: 1.23456,
  request: {
    method: 'post',
    url: 'http://127.0.0.1:1/oauth/token',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: Buffer.from(`grant_type=client_credentials&client_id=c1&client_secret=${secret}`),
  },
  response: { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"access_token":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln","token_type":"Bearer"}') },
});

describe('TrafficLog', () => {
  it('redacts at capture, numbers records and writes each as one JSON line', () => {
    const redactor = createRedactor();
    redactor.addSecret('client-secret', 'very-secret-1');
    const file = join(dir, 'traffic.jsonl');
    const log = new TrafficLog({ redactor, file });
    const record = log.record(tokenRequest('very-secret-1'));
    log.close();
    expect(record.id).toBe('x-000001');
    expect(record.request.method).toBe('POST');
    expect(record.request.body).toEqual({ grant_type: 'client_credentials', client_id: 'c1', client_secret: '[REDACTED:client-secret]' });
    expect(record.response?.body).toEqual({ access_token: expect.stringMatching(/^\[REDACTED:jwt#/), token_type: 'Bearer' });
    const bytes = readFileSync(file, 'utf8');
    expect(bytes.trim().split('\n')).toHaveLength(1);
    expect(bytes).not.toContain('very-secret-1');
    expect(bytes).not.toContain('eyJhbGciOiJSUzI1NiJ9');
  });

  it('keeps recording in memory after close, without touching the closed file', () => {
    const file = join(dir, 'closed.jsonl');
    const log = new TrafficLog({ redactor: createRedactor(), file });
    log.close();
    expect(() => log.record(tokenRequest('late-secret'))).not.toThrow();
    expect(log.all()).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  it('keeps a non-JSON body as bounded text', () => {
    const log = new TrafficLog({ redactor: createRedactor(), maxBodyTextChars: 5 });
    const record = log.record({ ...tokenRequest('x-secret'), response: { status: 200, headers: { 'content-type': 'text/html' }, body: Buffer.from('<html>long</html>') } });
    expect(record.response?.bodyText).toBe('<html');
    expect(record.response?.bodyBytes).toBe(17);
  });

  it('resolves waitFor with a past or a future record, and names what it waited for on timeout', async () => {
    const log = new TrafficLog({ redactor: createRedactor() });
    log.record(tokenRequest('s-1111'));
    await expect(log.waitFor((r) => r.to === 'sage-id', { timeoutMs: 100, description: 'a token request' })).resolves.toMatchObject({ seq: 1 });
    const future = log.waitFor((r) => r.to === 'sage-id', { timeoutMs: 1000, description: 'a second token request', after: 1 });
    log.record(tokenRequest('s-2222'));
    await expect(future).resolves.toMatchObject({ seq: 2 });
    const never = log.waitFor((r) => r.to === 'candidate', { timeoutMs: 50, description: 'a notification' });
    await expect(never).rejects.toThrow(WaitTimeoutError);
    await expect(never).rejects.toThrow('timed out after 50 ms waiting for a notification');
  });

  it('keeps at most maxBodyTextChars of a body that is not JSON, says so, and never keeps half a secret cut at the bound', () => {
    const redactor = createRedactor();
    redactor.addSecret('api-key', 'straddling-secret-value');
    const log = new TrafficLog({ redactor, maxBodyTextChars: 100 });
    // The secret starts 10 characters before the bound: cutting before redacting would keep its first 10.
    const page = `${'x'.repeat(90)}straddling-secret-value${'y'.repeat(5_000)}`;
    const record = log.record({
      from: 'banking-service',
      to: 'candidate',
      startedAt: new Date().toISOString(),
      durationMs: 1,
      request: { method: 'GET', url: 'http://127.0.0.1:1/availableaccounts', headers: {}, body: Buffer.alloc(0) },
      response: { status: 200, headers: { 'content-type': 'text/html' }, body: Buffer.from(page) },
    });
    log.close();
    expect(record.response?.bodyText).toHaveLength(100);
    expect(record.response?.bodyText).toMatch(/^x{90}\[REDACTED:/);
    expect(record.response?.bodyText).not.toContain('straddling');
    expect(record.response?.bodyBytes).toBe(page.length);
    expect(record.annotations).toEqual({ 'response-body-text-truncated': expect.stringMatching(/^the first 100 of \d+ characters are kept$/) });
  });
});
