import { describe, expect, it } from 'vitest';
import { createLogger } from './log.ts';

describe('createLogger', () => {
  it('writes one JSON object per line, filtered by level, with bound fields', () => {
    const lines: string[] = [];
    const log = createLogger('info', (line) => lines.push(line)).child({ component: 'test' });
    log.debug('hidden');
    log.info('shown', { count: 2 });
    log.error('failed', { error: new Error('boom') });
    expect(lines.map((line) => JSON.parse(line))).toMatchObject([
      { level: 'info', msg: 'shown', component: 'test', count: 2 },
      { level: 'error', msg: 'failed', error: 'boom' },
    ]);
  });

  it('replaces any field whose name looks secret', () => {
    const lines: string[] = [];
    createLogger('debug', (line) => lines.push(line)).info('x', { accessToken: 't0p', clientSecret: 's', authorization: 'Bearer x', password: 'p', apiKey: 'k', bankAccountId: 'kept' });
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({ accessToken: '[redacted]', clientSecret: '[redacted]', authorization: '[redacted]', password: '[redacted]', apiKey: '[redacted]', bankAccountId: 'kept' });
  });

  it('is quiet when silent', () => {
    const lines: string[] = [];
    createLogger('silent', (line) => lines.push(line)).error('nothing');
    expect(lines).toEqual([]);
  });
});
