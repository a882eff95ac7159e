import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBsck } from './test-support/run-bsck.ts';

// Each case is a real `node bin/bsck.js` (tsx compiles the kit on start): seconds each on a busy 2-core machine.
const TIMEOUT = 60_000;
const dir = await mkdtemp(join(tmpdir(), 'bsck-cli-usage-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('bsck certify: usage and config errors exit 2 before anything starts', () => {
  it('lists every problem of a bad config, a bad baseline and an unknown --only, one line each', async () => {
    const config = join(dir, 'bad.yaml');
    await writeFile(join(dir, 'baseline.yaml'), 'knownFailures:\n  - { requirement: SYNC-01 }\n');
    await writeFile(config, 'capabilities: [teleport]\nbaseline: baseline.yaml\ntimeouts: { startupMs: -1 }\n');
    const out = join(dir, 'out-bad-config');
    const result = await runBsck(['certify', '--config', config, '--only', 'onbording', '--out', out, '--reference-mode', 'process']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^${config}: timeouts.startupMs: must be >= `)),
      expect.stringMatching(new RegExp(`^${config}: capabilities: unknown capability "teleport"`)),
      `${join(dir, 'baseline.yaml')}: knownFailures[0].reason: a known failure needs a reason`,
      expect.stringMatching(/^certify: --only "onbording" is neither a flow nor a requirement id of set \d+\.\d+ \(flows: /),
    ]);
    expect(existsSync(out)).toBe(false);
  }, TIMEOUT);

  it('names an unknown --only value, and refuses conflicting candidate flags in one line', async () => {
    const [unknown, conflicting, strayValue] = await Promise.all([
      runBsck(['certify', '--only', 'STMT-99', '--out', join(dir, 'o1')]),
      runBsck(['certify', '--image', 'acme:1', '--url', 'http://127.0.0.1:9']),
      runBsck(['certify', '--reference-mode', 'vm', '--out', join(dir, 'o2')]),
    ]);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toMatch(/^certify: --only "STMT-99" is neither a flow nor a requirement id of set [\d.]+ \(STMT requirements: STMT-01 to STMT-\d+\)\n$/);
    expect(conflicting).toMatchObject({ code: 2, stdout: '', stderr: 'certify: --image and --url cannot be combined; choose one\n' });
    expect(strayValue).toMatchObject({ code: 2, stderr: 'certify: --reference-mode must be one of container, process, got "vm"\n' });
  }, TIMEOUT);

  it('explains a candidate flag without a config, naming what the config must give', async () => {
    const result = await runBsck(['certify', '--url', 'http://127.0.0.1:9', '--out', join(dir, 'o3')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('(no --config): bank: is required');
  }, TIMEOUT);
});
