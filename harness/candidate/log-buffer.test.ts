import { describe, expect, it } from 'vitest';
import { createRedactor } from '../traffic/index.ts';
import { createLogBuffer } from './log-buffer.ts';

describe('createLogBuffer', () => {
  it('redacts secrets even when a chunk boundary splits them', () => {
    const redactor = createRedactor();
    redactor.addSecret('client-secret', 'sup3r-s3cret-value');
    const logs = createLogBuffer(redactor);
    logs.append('starting\nsecret is sup3r-s3');
    logs.append(Buffer.from('cret-value\nready'));
    expect(logs.text()).toBe('starting\nsecret is [REDACTED:client-secret]\nready');
    expect(logs.text()).not.toContain('sup3r-s3cret-value');
    expect(logs.lastLine()).toBe('ready');
  });

  it('keeps the newest output within its bound and says how much it dropped', () => {
    const logs = createLogBuffer(createRedactor(), 100);
    for (let index = 0; index < 50; index += 1) logs.append(`line ${String(index).padStart(2, '0')}\n`);
    const text = logs.text();
    expect(text).toMatch(/^\[… \d+ earlier bytes of output dropped\]\n/);
    expect(text.endsWith('line 49')).toBe(true);
    expect(text).not.toContain('line 00');
    expect(Buffer.byteLength(text)).toBeLessThan(160);
  });

  it('bounds a line that never ends, and shortens the last line quoted in errors', () => {
    const logs = createLogBuffer(createRedactor(), 64 * 1024);
    logs.append('x'.repeat(40_000));
    expect(logs.text().split('\n').map((piece) => piece.length)).toEqual([16_384, 16_384, 7_232]);
    expect(logs.lastLine()).toHaveLength(301);
  });

  it('quotes the last non-empty line, and nothing when there was no output', () => {
    const logs = createLogBuffer(createRedactor());
    expect(logs.lastLine()).toBeUndefined();
    logs.append('Error: PORT is not set\n\n   \n');
    expect(logs.lastLine()).toBe('Error: PORT is not set');
  });
});
