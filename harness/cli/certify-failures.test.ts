import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CertificationSummary } from '../report/index.ts';
import { writeReferenceConfig } from './test-support/reference-config.ts';
import { runBsck } from './test-support/run-bsck.ts';

const dir = await mkdtemp(join(tmpdir(), 'bsck-cli-failures-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
const TIMEOUT = 120_000;

const summaryIn = async (out: string) => JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as CertificationSummary;

describe('bsck certify: a non-conformant candidate and a failing kit', () => {
  it('exits 1 for a failure the baseline does not list and for a stale baseline entry, and accepts a listed one', async () => {
    // The fault switch leaves url out of the bank sync entry: SYNC-03 fails, and so does SYNC-01 (Banking Service
    // refuses the bank); SYNC-04 still passes. The baseline lists SYNC-01 (accepted) and SYNC-04 (now stale).
    await writeFile(join(dir, 'baseline.yaml'), [
      'knownFailures:',
      '  - { requirement: SYNC-01, reason: bank refused until release 2 }',
      '  - { requirement: SYNC-04, reason: iframe flag wrong until release 2 }',
      '',
    ].join('\n'));
    const config = await writeReferenceConfig(dir, 'fault', (value) => {
      value['candidate'] = { env: { TEST_CONTROL: 'on', FAULTS: 'bank-sync-missing-url' } };
      value['baseline'] = 'baseline.yaml';
    });
    const out = join(dir, 'fault');
    const result = await runBsck(['certify', '--reference-mode', 'process', '--config', config, '--only', 'bank-sync', '--out', out, '--no-allure']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ {2}FAIL {3}SYNC-03 {3}.* — .*url/m);
    expect(result.stdout).toMatch(/^ {2}FAIL\* {2}SYNC-01 {3}.* \(baselined: bank refused until release 2\)$/m);
    expect(result.stdout).toContain('Result: NON-CONFORMANT — Non-conformant: 1 failure not in the baseline and 1 baselined requirement now passing (stale baseline).');
    expect(result.stdout).toContain('  SYNC-04 — iframe flag wrong until release 2');
    const summary = await summaryIn(out);
    expect(summary).toMatchObject({
      decision: 'non-conformant',
      baseline: { newFailures: ['SYNC-03'], stale: [{ requirement: 'SYNC-04' }], accepted: [{ requirement: 'SYNC-01', reason: 'bank refused until release 2' }] },
    });
    expect(summary.verdicts.find((verdict) => verdict.requirementId === 'SYNC-03')?.status).toBe('fail');
    expect(await readFile(join(out, 'summary.md'), 'utf8')).toContain('### Stale baseline entries (1)');
    expect(await readFile(join(out, 'junit.xml'), 'utf8')).toContain('type="stale-baseline"');
    // --no-allure: the JSON, Markdown and JUnit reports only.
    expect(existsSync(join(out, 'allure-results'))).toBe(false);
    expect(Object.keys(summary.timings.reportsMs)).not.toContain('allure-report');
  }, TIMEOUT);

  it('exits 3 when the kit could not decide a requirement: the environment failed, not the candidate', async () => {
    // The browser auth driver with no Chromium where the kit looks: onboarding cannot be driven, through no fault of the connector.
    const config = await writeReferenceConfig(dir, 'no-browser', (value) => {
      value['auth'] = { ...(value['auth'] as object), driver: 'browser' };
    });
    const out = join(dir, 'no-browser');
    const result = await runBsck(['certify', '--reference-mode', 'process', '--config', config, '--only', 'ONB-01', '--out', out, '--no-allure'], {
      env: { CHROMIUM_PATH: join(dir, 'no-chromium-here') },
    });
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^ {2}ERROR {2}ONB-01 {4}.* The kit failed in step onboarding\/.*no Chromium executable at /m);
    expect(result.stdout).toContain('Result: THE KIT FAILED — The kit could not decide 1 requirement (status error); the candidate is not blamed for them.');
    const summary = await summaryIn(out);
    expect(summary).toMatchObject({ decision: 'kit-failed', counts: { error: 1, total: 1 } });
    expect(await readFile(join(out, 'junit.xml'), 'utf8')).toMatch(/<error message="[^"]*no Chromium executable[^"]*" type="kit-error">/);
  }, TIMEOUT);
});
