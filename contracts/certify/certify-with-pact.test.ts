import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preflightConfig, readConfigFile } from '../../harness/config/index.ts';
import { buildSummary, renderJunitXml, renderSummaryMarkdown, summaryProblems } from '../../harness/report/index.ts';
import { certifyReference } from '../../harness/run/certify-reference.ts';
import { REFERENCE_CONFIG_FILE } from '../../harness/run/reference-connector.ts';
import { runCertification, type CertificationRun } from '../../harness/run/run-certification.ts';
import { FLOW_DRIVERS } from '../../suites/flows/index.ts';
import { loadRequirementSet } from '../../suites/requirements/index.ts';
import { WEBHOOK_INTERACTIONS } from '../verification/interaction-requirements.ts';

/**
 * The webhook contract verified inside a certification of the bundled reference connector (process mode), as
 * `certify` runs it: after the flows, with the flows' candidate and simulator. Loads Pact: contracts project only.
 */
const root = await mkdtemp(join(tmpdir(), 'bsck-certify-pact-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const set = loadRequirementSet();
const config = preflightConfig(readConfigFile(REFERENCE_CONFIG_FILE), { baseDir: dirname(REFERENCE_CONFIG_FILE), source: REFERENCE_CONFIG_FILE });
const NOTIFICATIONS = [WEBHOOK_INTERACTIONS.onboardingAuthorisation, WEBHOOK_INTERACTIONS.reauthorisationAuthorisation, WEBHOOK_INTERACTIONS.bankAccountCreated, WEBHOOK_INTERACTIONS.bankAccountDeleted].map((entry) => entry.description);
const failedOf = (run: CertificationRun) => run.contracts.interactions.filter((interaction) => interaction.status === 'failed').map((interaction) => interaction.description).sort();
const summaryOf = (run: CertificationRun) =>
  buildSummary({ run, requirementSet: set, candidateKind: 'reference', capabilities: config.capabilities, policies: config.policies, baseline: undefined, selection: { only: [], flows: [] }, startedAt: '2025-01-01T00:00:00.000Z', finishedAt: '2025-01-01T00:00:09.000Z' });

describe('certify of the reference connector with the pact phase', () => {
  const outDir = join(root, 'clean');
  const progress: string[] = [];
  let withPact: CertificationRun;
  let withoutPact: CertificationRun;

  beforeAll(async () => {
    withPact = await runCertification({
      config, outDir, requirements: set.requirements, flows: FLOW_DRIVERS, referenceMode: 'process', configDir: dirname(REFERENCE_CONFIG_FILE),
      pact: { run: true }, onProgress: (line) => progress.push(line),
    });
    withoutPact = await certifyReference({});
  }, 300_000);

  it('verifies the webhook contract green, each interaction its own result with the requirement ids it evidences', () => {
    expect(withPact.contracts).toMatchObject({ status: 'verified', pact: { file: 'contracts/pacts/banking-service-connector.json', consumer: 'banking-service', provider: 'connector' } });
    expect(withPact.contracts.interactions).toHaveLength(Object.keys(WEBHOOK_INTERACTIONS).length);
    for (const entry of Object.values(WEBHOOK_INTERACTIONS)) {
      expect(withPact.contracts.interactions.find((interaction) => interaction.description === entry.description)).toMatchObject({ status: 'passed', requirementIds: entry.requirementIds });
    }
    expect(progress).toContain(`  pact: ✓ ${WEBHOOK_INTERACTIONS.availableAccounts.description}`);
    expect(progress.findIndex((line) => line.startsWith('pact: verifying'))).toBeGreaterThan(progress.findIndex((line) => line.startsWith('flow resilience: done')));
    expect(summaryOf(withPact)).toMatchObject({ decision: 'conformant' });
  });

  it('leaves the verdicts of a clean run as they are without the phase: its exchanges and events come after the judged evidence', async () => {
    const statuses = (run: CertificationRun) => Object.fromEntries(run.verdicts.map((verdict) => [verdict.requirementId, verdict.status]));
    expect(statuses(withPact)).toEqual(statuses(withoutPact));
    expect(withPact.verdicts.filter((verdict) => verdict.status === 'fail' || verdict.status === 'error')).toEqual([]);
    const cut = withPact.contracts.evidenceCut;
    expect(withPact.evidence.traffic).toHaveLength(cut?.traffic ?? -1);
    expect(withPact.evidence.events.at(-1)?.seq).toBe(cut?.events);
    // The phase's own records are kept on disk after the cut, never judged.
    const onDisk = (await readFile(join(outDir, 'traffic.jsonl'), 'utf8')).trim().split('\n');
    expect(onDisk.length).toBeGreaterThan(cut?.traffic ?? Infinity);
    const events = (await readFile(join(outDir, 'events.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { seq: number; type: string });
    expect(events.filter((event) => event.seq > (cut?.events ?? 0)).map((event) => event.type)).toContain('notification.sent');
  });
});

describe('a fault switch breaking a webhook answer turns exactly the matching interactions red', () => {
  it.each([
    ['available-accounts-wrapped', [WEBHOOK_INTERACTIONS.availableAccounts.description], /^Type mismatch: Expected \{"accounts":\[.*\} \(Object\) to be the same type as \[.*\] \(Array\)$/],
    ['wrong-notification-status', NOTIFICATIONS, /^Expected status code 400 to be a Successful response \(200–299\)$/],
  ] as const)('%s', async (fault, expected, mismatch) => {
    const run = await certifyReference({ flows: ['bank-sync'], faults: [fault], pact: true });
    expect(run.contracts.status).toBe('failed');
    expect(failedOf(run)).toEqual([...expected].sort());
    const summary = summaryOf(run);
    expect(summaryProblems(JSON.parse(JSON.stringify(summary)))).toEqual([]);
    expect(summary).toMatchObject({ decision: 'non-conformant', reason: `Non-conformant: ${expected.length} webhook contract interaction${expected.length === 1 ? '' : 's'} failed.` });
    for (const interaction of run.contracts.interactions.filter((entry) => entry.status === 'failed')) {
      expect(interaction.mismatches).toEqual([expect.stringMatching(mismatch)]);
      // Pact's text verbatim as the JUnit failure message, and in summary.md's table.
      const xmlMessage = interaction.mismatches[0]!.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
      expect(renderJunitXml(summary)).toContain(`<failure message="${xmlMessage}" type="pact-mismatch">`);
      expect(renderSummaryMarkdown(summary)).toContain(interaction.description.replace(/'/g, "'"));
    }
  }, 120_000);
});

describe('an interruption during the pact phase', () => {
  it('stops the run at once: the contract is reported interrupted, the run incomplete, the candidate stopped', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const run = await certifyReference({
      flows: ['bank-sync'], pact: true, signal: controller.signal,
      onProgress: (line) => {
        if (line.startsWith('pact: verifying')) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    const returnedAfterMs = performance.now() - abortedAt;
    expect(run.incomplete).toBe(true);
    expect(run.contracts).toMatchObject({ status: 'interrupted', interactions: [] });
    expect(returnedAfterMs).toBeLessThan(5_000);
    await expect(fetch(run.evidence.facts.connectorUrl, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  }, 120_000);
});

describe('bsck certify --only pact', () => {
  it("verifies the contract after bank sync alone, reporting each interaction in summary.json, junit.xml and Allure, and Pact's own report only in evidence/pact-verifier.log", async () => {
    const { runBsck } = await import('../../harness/cli/test-support/run-bsck.ts');
    const out = join(root, 'only-pact');
    const result = await runBsck(['certify', '--reference-mode', 'process', '--only', 'pact', '--out', out], { timeoutMs: 120_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`pact: ✓ ${WEBHOOK_INTERACTIONS.bankAccountDeleted.description}`);
    // Pact's verifier runs in a process of its own: its report is kept in the evidence folder, never printed.
    for (const output of [result.stdout, result.stderr]) expect(output).not.toMatch(/Verifying a pact between|returns a response which|has status code/);
    const verifierLog = await readFile(join(out, 'evidence', 'pact-verifier.log'), 'utf8');
    expect(verifierLog).toContain('Verifying a pact between banking-service and connector');
    expect(verifierLog).toContain(WEBHOOK_INTERACTIONS.bankAccountDeleted.description);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as ReturnType<typeof summaryOf>;
    expect(summary).toMatchObject({ decision: 'conformant', selection: { only: ['pact'], flows: ['bank-sync'], requirements: 0 }, contracts: { status: 'verified' } });
    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(junit.match(/<testcase classname="webhook-contract"/g)).toHaveLength(Object.keys(WEBHOOK_INTERACTIONS).length);
    const results = (await readdir(join(out, 'allure-results'))).filter((name) => name.endsWith('-result.json'));
    expect(results).toHaveLength(Object.keys(WEBHOOK_INTERACTIONS).length);
  }, 150_000);
});
