import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openJsonlFile } from './jsonl-file.ts';

const dir = await mkdtemp(join(tmpdir(), 'bsck-jsonl-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('openJsonlFile', () => {
  it('writes one JSON line per record as it comes, and ignores records after it is closed', () => {
    const file = join(dir, 'nested', 'traffic.jsonl');
    const jsonl = openJsonlFile(file);
    jsonl.write({ id: 'x-000001' });
    expect(readFileSync(file, 'utf8')).toBe('{"id":"x-000001"}\n');
    jsonl.close();
    expect(() => jsonl.write({ id: 'x-000002' })).not.toThrow();
    jsonl.close();
    expect(readFileSync(file, 'utf8')).toBe('{"id":"x-000001"}\n');
  });
});
