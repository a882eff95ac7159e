import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { CANDIDATE_CONTAINER_LABEL } from '../candidate/index.ts';
import { imageExists, listContainersByLabel, probeDockerEngine } from '../docker/docker-engine.ts';
import { SCRATCH_NODE_BINARY, createScratchNodeContext, type ScratchNodeContext } from '../docker/index.ts';
import type { CertificationSummary } from '../report/index.ts';
import { REFERENCE_CONFIG_FILE } from '../run/reference-connector.ts';
import type { ExchangeRecord } from '../traffic/index.ts';
import { buildHostileConnector, type HostileConnectorBundle } from './test-support/hostile/build-hostile-connector.ts';
import type { HostileBehaviour } from './test-support/hostile/hostile-behaviours.ts';
import { runningProcesses } from './test-support/processes.ts';
import { createKitTmp } from './test-support/kit-tmp.ts';
import { runBsck } from './test-support/run-bsck.ts';

/**
 * Hostile candidates (test-support/hostile): the reference connector behind one misbehaviour each, certified by the
 * real `bsck` with small timeouts. Each run must end within its timeouts, blame the candidate in a sentence that
 * names the behaviour (never the kit: no `error` verdict, no `bsck: the kit failed`), write its reports, exit 1,
 * and leave no process, container, image or temporary file behind.
 */
const TIMEOUTS = { startupMs: 5_000, requestMs: 1_000, flowStepMs: 3_000 };
/** Far above what the flows need with these timeouts, far below what a wait without a bound would take. */
const FLOWS_BUDGET_MS = 15 * TIMEOUTS.flowStepMs;
/** A candidate that ignores SIGTERM gets the launchers' 5 s grace, then SIGKILL. */
const STOP_BUDGET_MS = 5_000 + 3_000;
const TEST_TIMEOUT = 240_000;

interface HostileCase {
  readonly behaviour: HostileBehaviour;
  readonly only: string;
  readonly as?: 'container';
  /** The requirement whose verdict names the behaviour, and how. */
  readonly requirement: string;
  readonly status: 'fail' | 'warn';
  readonly sentence: RegExp;
}

const CASES: readonly HostileCase[] = [
  { behaviour: 'crash-at-start', only: 'bank-sync', requirement: 'SYNC-01', status: 'fail', sentence: /step bank-sync\/start-candidate failed: candidate process exited with code 1 before it was ready: hostile-connector: cannot read \/etc\/connector\/settings\.json/ },
  { behaviour: 'exit-mid-flow', only: 'onboarding', requirement: 'ONB-04', status: 'fail', sentence: /step onboarding\/candidate-exited failed: the candidate process exited with code 1 while the kit was still driving it: Error: lost the connection to the accounts database$/ },
  { behaviour: 'exit-mid-flow', only: 'onboarding', as: 'container', requirement: 'ONB-04', status: 'fail', sentence: /step onboarding\/candidate-exited failed: the candidate container exited with code 1 while the kit was still driving it: Error: lost the connection to the accounts database$/ },
  { behaviour: 'hang-on-notification', only: 'onboarding', requirement: 'ONB-11', status: 'warn', sentence: /notification x-\d+ for \S+ with no answer \(timeout: no response within 1000 ms\)/ },
  { behaviour: 'never-redirect', only: 'onboarding', requirement: 'ONB-04', status: 'fail', sentence: /the user was not sent back to redirect_uri \(GET \/auth shows a page with neither a form nor a redirect/ },
  { behaviour: 'garbage-bytes', only: 'onboarding', requirement: 'ONB-11', status: 'warn', sentence: /with no answer \(connection: the answer is not HTTP\/1\.1 / },
  { behaviour: 'invalid-json', only: 'multi-account-linking', requirement: 'MAL-02', status: 'fail', sentence: /GET \/availableaccounts\?externalId=\S+ x-\d+ answered 200 with a body that is not JSON instead of the accounts/ },
  { behaviour: 'huge-body', only: 'multi-account-linking', requirement: 'MAL-02', status: 'fail', sentence: /answered 200 and a body the kit could not read whole \(too-large: response body larger than 1048576 bytes\)/ },
  { behaviour: 'hold-connections', only: 'onboarding', requirement: 'ONB-11', status: 'warn', sentence: /with 200, then no complete body \(timeout: response body not complete within 1000 ms\)/ },
];

const dir = await mkdtemp(join(tmpdir(), 'bsck-cli-hostile-'));
/** bsck's own temporary folder (TMPDIR): nothing of a run may stay there. */
const kitTmp = createKitTmp(dir);
const engine = await probeDockerEngine(5_000);
let bundle: HostileConnectorBundle;
let context: ScratchNodeContext | undefined;
beforeAll(async () => {
  bundle = await buildHostileConnector();
}, 60_000);
afterAll(async () => {
  await context?.dispose();
  await bundle?.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** The reference connector's config with the hostile candidate in its place, as a provider's config would read. */
async function hostileConfig(test: HostileCase, token: string): Promise<string> {
  const config = parseYaml(readFileSync(REFERENCE_CONFIG_FILE, 'utf8')) as Record<string, unknown>;
  const env = { TEST_CONTROL: 'on' };
  if (test.as === 'container') {
    // The token in the entrypoint finds this run's containers and image among those of tests running alongside.
    context ??= await createScratchNodeContext({ files: { '/app/hostile-connector.mjs': bundle.file }, entrypoint: [SCRATCH_NODE_BINARY, '/app/hostile-connector.mjs', test.behaviour, token] });
    config['candidate'] = { dockerfile: context.dir, env };
  } else {
    config['candidate'] = { command: [process.execPath, bundle.file, test.behaviour, token], env };
  }
  config['timeouts'] = TIMEOUTS;
  const file = join(dir, `${test.behaviour}-${token}.yaml`);
  await writeFile(file, stringifyYaml(config));
  return file;
}

/** Containers, running or not, of the kit's candidate launcher from this image: what `docker ps -aq` would list. */
async function containersFrom(imageId: string): Promise<string[]> {
  const containers = (await listContainersByLabel(CANDIDATE_CONTAINER_LABEL, 5_000)) as (Awaited<ReturnType<typeof listContainersByLabel>>[number] & { ImageID?: string })[];
  return containers.filter((container) => container.ImageID === imageId).map((container) => container.Id);
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) => statSync(join(folder, name)).isFile());
}

describe('bsck certify against hostile candidates', () => {
  for (const test of CASES) {
    const title = `${test.behaviour}${test.as ? ` (${test.as})` : ''}: ends within its timeouts, ${test.requirement} names it, exit 1, nothing left behind`;
    const run = test.as === 'container' && !engine.available && process.env['CI'] !== 'true' ? it.skip : it;
    run(title, async () => {
      const token = randomUUID();
      const config = await hostileConfig(test, token);
      const out = join(dir, `out-${token}`);
      const started = performance.now();
      const result = await runBsck(['certify', '--config', config, '--only', test.only, '--out', out, '--no-allure'], { env: { TMPDIR: kitTmp.path }, timeoutMs: 200_000 });
      const wallMs = performance.now() - started;

      const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as CertificationSummary;
      const verdict = summary.verdicts.find((entry) => entry.requirementId === test.requirement);
      console.info(`hostile ${test.behaviour}${test.as ? ` (${test.as})` : ''}: exit ${result.code}, wall ${Math.round(wallMs)} ms (simulator start ${summary.timings.simulatorStartMs} ms, flows ${JSON.stringify(summary.timings.flowsMs)}, stop ${summary.timings.stopMs} ms); ${test.requirement} ${verdict?.status}: ${verdict?.sentence}`);

      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
      expect(summary).toMatchObject({ decision: 'non-conformant', incomplete: false });
      // The kit is never blamed for the candidate's misbehaviour.
      expect(summary.verdicts.filter((entry) => entry.status === 'error')).toEqual([]);
      expect(verdict).toMatchObject({ status: test.status, sentence: expect.stringMatching(test.sentence) });

      const flowsMs = Object.values(summary.timings.flowsMs).reduce((sum, ms) => sum + ms, 0);
      expect(summary.timings.candidateStartMs).toBeLessThan(TIMEOUTS.startupMs + STOP_BUDGET_MS);
      expect(flowsMs).toBeLessThan(FLOWS_BUDGET_MS);
      expect(summary.timings.stopMs).toBeLessThan(STOP_BUDGET_MS);

      for (const report of ['summary.md', 'junit.xml', 'verdicts.json', 'evidence/traffic.jsonl']) expect(existsSync(join(out, report))).toBe(true);
      expect(await readFile(join(out, 'junit.xml'), 'utf8')).toContain(`${test.requirement} `);
      expect(await readFile(join(out, 'evidence', 'candidate.log'), 'utf8')).toContain('hostile-connector:');

      expect(runningProcesses({ cmdlineContains: token })).toEqual([]);
      const pid = /\(pid (\d+)\)/.exec(await readFile(join(out, 'evidence', 'candidate.log'), 'utf8'))?.[1];
      if (pid !== undefined && test.as === undefined) expect(runningProcesses({ pgrp: Number(pid) })).toEqual([]);
      expect(kitTmp.leftovers()).toEqual([]);
      if (test.as === 'container') {
        const imageId = summary.candidate.imageId ?? '';
        expect(imageId).toMatch(/^sha256:/);
        expect(await containersFrom(imageId)).toEqual([]);
        expect(await imageExists(imageId, 5_000)).toBe(false);
      }
    }, TEST_TIMEOUT);
  }

  it('keeps a 50 MB answer out of the reports: the record holds what was read, bounded, and says why it stopped', async () => {
    const test = CASES.find((entry) => entry.behaviour === 'huge-body') as HostileCase;
    const token = randomUUID();
    const out = join(dir, `out-${token}`);
    const result = await runBsck(['certify', '--config', await hostileConfig(test, token), '--only', 'MAL-02', '--out', out], { timeoutMs: 200_000 });
    expect(result.code).toBe(1);
    const traffic = (await readFile(join(out, 'evidence', 'traffic.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as ExchangeRecord);
    const huge = traffic.filter((record) => record.operationId === 'getAvailableAccounts' && record.response !== undefined);
    expect(huge.length).toBeGreaterThan(0);
    for (const record of huge) {
      expect(record.failure).toBe('too-large: response body larger than 1048576 bytes');
      expect(record.response?.bodyBytes).toBeLessThanOrEqual(1024 * 1024);
      expect(record.response?.bodyText?.length).toBeLessThanOrEqual(64 * 1024);
      expect(record.annotations['response-body-text-truncated']).toMatch(/^the first 65536 of \d+ characters are kept$/);
    }
    // The whole run's evidence and reports, Allure attachments included, stay far below the 50 MB offered.
    const bytes = filesUnder(out).reduce((sum, name) => sum + statSync(join(out, name)).size, 0);
    console.info(`hostile huge-body: ${Math.round(bytes / 1024)} KiB of reports and evidence for ${huge.length} answers of 50 MB`);
    expect(bytes).toBeLessThan(20 * 1024 * 1024);
  }, TEST_TIMEOUT);
});
