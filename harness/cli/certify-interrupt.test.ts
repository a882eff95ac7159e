import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CertificationSummary } from '../report/index.ts';
import { startBsck } from './test-support/run-bsck.ts';

const dir = await mkdtemp(join(tmpdir(), 'bsck-cli-interrupt-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
const TIMEOUT = 120_000;

interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly cmdline: string;
}

/** Every process on the machine, from /proc (Linux: where the kit's tests and CI run). */
function processes(): ProcessInfo[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).flatMap((name) => {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      return [{ pid: Number(name), ppid, cmdline }];
    } catch {
      return [];
    }
  });
}

/** The reference connector processes bsck (pid) started, found by their bundle's path. */
function candidatesOf(pid: number): ProcessInfo[] {
  return processes().filter((entry) => entry.ppid === pid && entry.cmdline.includes('reference-connector.mjs'));
}

const bundleDirOf = (candidate: ProcessInfo): string => dirname(candidate.cmdline.split(' ').find((part) => part.endsWith('reference-connector.mjs')) ?? '');
const isRunning = (pid: number): boolean => existsSync(`/proc/${pid}`) && !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));

describe('bsck certify interrupted', () => {
  it('on Ctrl-C stops the candidate and the simulator, still writes the reports marked incomplete, and exits 130', async () => {
    const out = join(dir, 'once');
    const bsck = startBsck(['certify', '--reference-mode', 'process', '--only', 'onboarding', '--out', out]);
    await bsck.waitForLine(/flow onboarding: onboarding/);
    const [candidate] = candidatesOf(bsck.child.pid ?? -1);
    expect(candidate).toBeDefined();
    bsck.child.kill('SIGINT');
    const result = await bsck.done;

    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/^bsck: SIGINT received: stopping the run; the reports will still be written/);
    expect(result.stdout).toContain('interrupted: stopping the candidate and the simulated Banking Service');
    expect(result.stdout).toContain('Result: INCOMPLETE — The run was interrupted before every flow ran; its verdicts are partial.');
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as CertificationSummary;
    expect(summary).toMatchObject({ incomplete: true, decision: 'incomplete' });
    const onboarding = summary.verdicts.filter((verdict) => verdict.flow === 'onboarding');
    expect(onboarding.length).toBeGreaterThan(0);
    for (const verdict of onboarding) {
      expect(verdict).toMatchObject({ status: 'error', sentence: 'Not decided: the run was interrupted before the onboarding flow finished.' });
    }
    for (const file of ['verdicts.json', 'summary.md', 'junit.xml']) expect(existsSync(join(out, file))).toBe(true);
    // No Allure report for an interrupted run: the user asked to stop.
    expect(existsSync(join(out, 'allure-results'))).toBe(false);

    if (!candidate) return;
    expect(isRunning(candidate.pid)).toBe(false);
    expect(existsSync(bundleDirOf(candidate))).toBe(false);
  }, TIMEOUT);

  it('on a second Ctrl-C cleans up what it started and exits 130 at once', async () => {
    const bsck = startBsck(['certify', '--reference-mode', 'process', '--only', 'onboarding', '--out', join(dir, 'twice')]);
    await bsck.waitForLine(/flow onboarding: onboarding/);
    const [candidate] = candidatesOf(bsck.child.pid ?? -1);
    expect(candidate).toBeDefined();
    bsck.child.kill('SIGINT');
    // Two signals sent at once may arrive as one: the second goes once the first has been handled.
    await bsck.waitForLine(/SIGINT received/, 30_000, 'stderr');
    bsck.child.kill('SIGINT');
    const result = await bsck.done;

    expect(result.code).toBe(130);
    expect(result.stderr).toContain('bsck: SIGINT again: stopping what is left and exiting');
    if (!candidate) return;
    expect(isRunning(candidate.pid)).toBe(false);
    expect(existsSync(bundleDirOf(candidate))).toBe(false);
  }, TIMEOUT);
});
