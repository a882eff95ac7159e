import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CertificationSummary } from '../report/index.ts';
import { writeReferenceConfig } from './test-support/reference-config.ts';
import { runBsck } from './test-support/run-bsck.ts';

const dir = await mkdtemp(join(tmpdir(), 'bsck-cli-auth-drivers-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

async function certify(config: string, out: string): Promise<{ code: number | null; stderr: string; summary: CertificationSummary }> {
  const result = await runBsck(['certify', '--reference-mode', 'process', '--config', config, '--out', out, '--no-allure'], { timeoutMs: 240_000 });
  const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as CertificationSummary;
  return { code: result.code, stderr: result.stderr, summary };
}

const notPassing = (summary: CertificationSummary) =>
  summary.verdicts.filter((verdict) => verdict.status !== 'pass').map((verdict) => `${verdict.requirementId} ${verdict.status}: ${verdict.sentence}`);

/**
 * The form driver is the reference config's own (certify-full.test.ts). These certify the same connector through
 * the other two drivers: its login page in a real Chromium, and its auto-approve mode followed by plain HTTP.
 */
describe('bsck certify through each auth driver', () => {
  it('browser: Chromium signs in on the login page and every requirement passes', async () => {
    const config = await writeReferenceConfig(dir, 'browser', (value) => {
      value['auth'] = { ...(value['auth'] as object), driver: 'browser' };
    });
    const { code, stderr, summary } = await certify(config, join(dir, 'browser'));
    expect(stderr).toBe('');
    // RES-03 needs tokens that expire within the run (see certify-full.test.ts).
    expect(notPassing(summary)).toEqual([expect.stringMatching(/^RES-03 not-applicable: /)]);
    expect(code).toBe(0);
  }, 300_000);

  it('redirect: the auto-approve mode passes, and what that driver cannot drive is not applicable, saying why', async () => {
    const config = await writeReferenceConfig(dir, 'redirect', (value) => {
      value['candidate'] = { env: { TEST_CONTROL: 'on', AUTH_MODE: 'auto-approve', TEST_BANK_AUTO_USER: 'alice' } };
      value['auth'] = { ...(value['auth'] as object), driver: 'redirect' };
    });
    const out = join(dir, 'redirect');
    const { code, stderr, summary } = await certify(config, out);
    expect(stderr).toBe('');
    expect(notPassing(summary)).toEqual([
      expect.stringMatching(/^ONB-01 not-applicable: Not exercised in this run: the redirect auth driver cannot choose the test user/),
      expect.stringMatching(/^ONB-05 not-applicable: Not exercised in this run: the redirect auth driver cannot choose the test user/),
      expect.stringMatching(/^ONB-10 not-applicable: Not exercised in this run: the redirect auth driver cannot fail a login/),
      expect.stringMatching(/^REAUTH-05 not-applicable: Not exercised in this run: the redirect auth driver cannot fail a login/),
      expect.stringMatching(/^RES-03 not-applicable: /),
    ]);
    expect(code).toBe(0);

    // Re-computed from the evidence, with facts.json naming the redirect driver the recorded config used.
    const review = await runBsck(['review', join(out, 'submission.bsck.tar.gz')], { timeoutMs: 60_000 });
    expect(review.stdout).toContain('APPROVE');
    expect(review.code).toBe(0);
  }, 300_000);
});
