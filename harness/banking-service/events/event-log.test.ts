import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedactor } from '../../traffic/index.ts';
import { ManualClock } from '../state/clock.ts';
import { EventLog, EventWaitTimeoutError } from './event-log.ts';

const dir = mkdtempSync(join(tmpdir(), 'event-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('EventLog', () => {
  it('numbers events, stamps them with the simulator clock and writes one JSON line each, redacted', () => {
    const redactor = createRedactor();
    redactor.addSecret('api-key', 'super-secret-key-1');
    const file = join(dir, 'events.jsonl');
    const log = new EventLog({ clock: new ManualClock(Date.parse('2024-01-02T03:04:05.000Z')), redactor, file });
    log.append({ type: 'provider.registered', clientId: 'client-1' });
    const second = log.append({ type: 'authorisation.refused', authorisationId: 'a1', code: 'x', message: 'leaked super-secret-key-1' });
    log.close();
    expect(second.seq).toBe(2);
    expect(second.at).toBe('2024-01-02T03:04:05.000Z');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).not.toContain('super-secret-key-1');
    expect(JSON.parse(lines[1] ?? '{}')).toMatchObject({ type: 'authorisation.refused', message: 'leaked [REDACTED:api-key]' });
  });

  it('resolves waitFor with a past or future event and names what it awaited on timeout', async () => {
    const log = new EventLog({ clock: new ManualClock() });
    log.append({ type: 'bank.removed', bankId: 'b1' });
    await expect(log.waitFor((event) => event.type === 'bank.removed', { timeoutMs: 50, description: 'a removal' })).resolves.toMatchObject({ seq: 1 });
    const later = log.waitForType('bank.removed', (event) => event.bankId === 'b2', { timeoutMs: 1000, description: 'b2 removed', after: log.lastSeq });
    log.append({ type: 'bank.removed', bankId: 'b2' });
    await expect(later).resolves.toMatchObject({ seq: 2, bankId: 'b2' });
    const never = log.waitFor((event) => event.type === 'bank.updated', { timeoutMs: 20, description: 'a bank update' });
    await expect(never).rejects.toThrow(EventWaitTimeoutError);
    await expect(never).rejects.toThrow('timed out after 20 ms waiting for a bank update');
    expect(log.ofType('bank.removed').map((event) => event.bankId)).toEqual(['b1', 'b2']);
  });
});
