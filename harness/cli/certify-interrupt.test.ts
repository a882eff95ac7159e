import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CANDIDATE_CONTAINER_LABEL } from '../candidate/index.ts';
import { imageExists, listContainersByLabel, probeDockerEngine } from '../docker/docker-engine.ts';
import type { CertificationSummary } from '../report/index.ts';
import { createKitTmp } from './test-support/kit-tmp.ts';
import { isRunning, processes, type ProcessInfo } from './test-support/processes.ts';
import { startBsck, type BsckResult } from './test-support/run-bsck.ts';

const dir = await mkdtemp(join(tmpdir(), 'bsck-cli-interrupt-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
const TIMEOUT = 180_000;
const engine = await probeDockerEngine(5_000);
// CI provides an engine (.ci/run): there the container case must run, never be skipped.
const containerTest = engine.available || process.env['CI'] === 'true' ? it : it.skip;

/** bsck's own temporary folder (TMPDIR): nothing of a run may stay there. */
const kitTmp = createKitTmp(dir);

/** The Allure report's processes bsck (pid) starts with the flows (harness/report/*-child.mjs). */
function reportProcessesOf(pid: number): ProcessInfo[] {
  return processes().filter((entry) => entry.ppid === pid && /(allure-generator|report-suites)-child\.mjs/.test(entry.cmdline));
}

/** The reference connector processes bsck (pid) started, found by their bundle's path. */
function candidatesOf(pid: number): ProcessInfo[] {
  return processes().filter((entry) => entry.ppid === pid && entry.cmdline.includes('reference-connector.mjs'));
}

const bundleDirOf = (candidate: ProcessInfo): string => dirname(candidate.cmdline.split(' ').find((part) => part.endsWith('reference-connector.mjs')) ?? '');

/** Containers, running or not, of the kit's candidate launcher from this image: what `docker ps -aq` would list. */
async function containersFrom(imageId: string): Promise<string[]> {
  const containers = (await listContainersByLabel(CANDIDATE_CONTAINER_LABEL, 5_000)) as (Awaited<ReturnType<typeof listContainersByLabel>>[number] & { ImageID?: string })[];
  return containers.filter((container) => container.ImageID === imageId).map((container) => container.Id);
}

/** What every interrupted run must show: the signal named, the reports written and marked incomplete, the exit code. */
async function expectIncompleteReports(result: BsckResult, out: string, signal: 'SIGINT' | 'SIGTERM', code: number): Promise<CertificationSummary> {
  expect(result.code).toBe(code);
  expect(result.stderr).toMatch(new RegExp(`^bsck: ${signal} received: stopping the run; the reports will still be written`));
  expect(result.stdout).toContain('interrupted: stopping the candidate and the simulated Banking Service');
  expect(result.stdout).toContain('Result: INCOMPLETE — The run was interrupted before every flow ran; its verdicts are partial.');
  const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as CertificationSummary;
  expect(summary).toMatchObject({ incomplete: true, decision: 'incomplete' });
  const onboarding = summary.verdicts.filter((verdict) => verdict.flow === 'onboarding');
  expect(onboarding.length).toBeGreaterThan(0);
  for (const verdict of onboarding) {
    expect(verdict).toMatchObject({ status: 'error', sentence: 'Not decided: the run was interrupted before the onboarding flow finished.' });
  }
  for (const file of ['verdicts.json', 'summary.md', 'junit.xml', 'evidence/candidate.log']) expect(existsSync(join(out, file))).toBe(true);
  // No Allure report for an interrupted run: the user asked to stop.
  expect(existsSync(join(out, 'allure-results'))).toBe(false);
  expect(kitTmp.leftovers()).toEqual([]);
  return summary;
}

describe('bsck certify interrupted', () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`on ${signal} stops the candidate process and the simulator, still writes the reports marked incomplete, and exits ${code}`, async () => {
      const out = join(dir, `once-${signal}`);
      const bsck = startBsck(['certify', '--reference-mode', 'process', '--only', 'onboarding', '--out', out], { env: { TMPDIR: kitTmp.path } });
      await bsck.waitForLine(/flow onboarding: onboarding/);
      const [candidate] = candidatesOf(bsck.child.pid ?? -1);
      expect(candidate).toBeDefined();
      const reportProcesses = reportProcessesOf(bsck.child.pid ?? -1);
      expect(reportProcesses).toHaveLength(2);
      bsck.child.kill(signal);
      await expectIncompleteReports(await bsck.done, out, signal, code);
      for (const process of reportProcesses) expect(isRunning(process.pid)).toBe(false);
      if (!candidate) return;
      expect(isRunning(candidate.pid)).toBe(false);
      expect(processes().filter((entry) => entry.pgrp === candidate.pid && entry.state !== 'Z')).toEqual([]);
      expect(existsSync(bundleDirOf(candidate))).toBe(false);
    }, TIMEOUT);
  }

  containerTest('on SIGTERM stops and removes the candidate container and its image, writes the reports marked incomplete, and exits 143', async () => {
    const out = join(dir, 'container-SIGTERM');
    const bsck = startBsck(['certify', '--reference-mode', 'container', '--only', 'onboarding', '--out', out], { env: { TMPDIR: kitTmp.path }, timeoutMs: 170_000 });
    await bsck.waitForLine(/flow onboarding: onboarding/, 150_000);
    bsck.child.kill('SIGTERM');
    const summary = await expectIncompleteReports(await bsck.done, out, 'SIGTERM', 143);
    const imageId = summary.candidate.imageId ?? '';
    expect(imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    // The engine is shared with the kit's other container tests, which may run at the same time: no container of
    // this run's image, and no image; the global `docker ps -aq` is .ci/run's check after all tests.
    expect(await containersFrom(imageId)).toEqual([]);
    expect(await imageExists(imageId, 5_000)).toBe(false);
  }, TIMEOUT);

  it('on a second Ctrl-C cleans up what it started and exits 130 at once', async () => {
    const bsck = startBsck(['certify', '--reference-mode', 'process', '--only', 'onboarding', '--out', join(dir, 'twice')], { env: { TMPDIR: kitTmp.path } });
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
    expect(kitTmp.leftovers()).toEqual([]);
    if (!candidate) return;
    expect(isRunning(candidate.pid)).toBe(false);
    expect(existsSync(bundleDirOf(candidate))).toBe(false);
  }, TIMEOUT);
});
