import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeDockerEngine } from '../docker/docker-engine.ts';
import { expectEveryRequirementPassed } from './test-support/expect-conformant.ts';
import { runBsck } from './test-support/run-bsck.ts';

const dir = await mkdtemp(join(tmpdir(), 'bsck-cli-full-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const engine = await probeDockerEngine(5_000);
// CI provides an engine (.ci/run): there the headline certification runs as a container, never skipped.
const containerTest = engine.available || process.env['CI'] === 'true' ? it : it.skip;

describe('bsck certify with no arguments', () => {
  containerTest('certifies the bundled reference connector in a container: every requirement passes, and review approves the bundle', async () => {
    const out = join(dir, 'reports');
    const certify = await runBsck(['certify', '--out', out], { timeoutMs: 240_000 });
    expect(certify.stderr).toBe('');
    expect(certify.stdout).toContain('starting reference connector (container)');
    await expectEveryRequirementPassed(out);
    expect(certify.code).toBe(0);

    const review = await runBsck(['review', join(out, 'submission.bsck.tar.gz')], { timeoutMs: 60_000 });
    expect(review.stdout).toContain('APPROVE');
    expect(review.code).toBe(0);
  }, 300_000);
});
