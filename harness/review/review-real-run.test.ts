import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBERS } from '../bundle/bundle-layout.ts';
import { unpackArchive } from '../bundle/archive.ts';
import { writeBundle, type WrittenBundle } from '../bundle/write-bundle.ts';
import { buildSummary, prepareRunDirectory, writeReports, type RunDirectory } from '../report/index.ts';
import { REFERENCE_CONFIG_FILE } from '../run/reference-connector.ts';
import { runCertification, type CertificationRun } from '../run/run-certification.ts';
import { judge } from '../../suites/checks/judge.ts';
import { CHECKS } from '../../suites/checks/registry.ts';
import type { Verdict } from '../../suites/checks/verdict.ts';
import { FLOW_DRIVERS } from '../../suites/flows/index.ts';
import { loadRequirementSet } from '../../suites/requirements/index.ts';
import { reviewBundleBytes } from './review-bundle.ts';
import type { ReviewDecision } from './review-decision.ts';
import { kitSpecDigests } from './verify-manifest.ts';
import { referenceConfig, rewriteBundle, type BundleInputs } from './test-support/bundle-fixture.ts';

/**
 * A real run of the reference connector (process mode, the bank-sync flow, as `certify --only bank-sync` would
 * drive it), its reports and its bundle. The flows' verdicts are others' work in progress: these tests assert only
 * that review re-computes exactly what the run judged, and decides as those verdicts say.
 */
const root = await mkdtemp(join(tmpdir(), 'bsck-review-real-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const set = loadRequirementSet();
const config = referenceConfig();
const key = generateKeyPairSync('ed25519');
const fixedNow = () => new Date('2030-01-01T00:00:00.000Z');

let run: CertificationRun;
let dir: RunDirectory;
let inputs: BundleInputs;
let written: WrittenBundle;
let bytes: Buffer;

/** What review must decide for verdicts it found genuine. */
function expectedDecision(verdicts: readonly Verdict[], complete: boolean): ReviewDecision {
  if (verdicts.some((verdict) => verdict.status === 'fail')) return 'reject';
  if (!complete || verdicts.some((verdict) => verdict.status === 'error')) return 'incomplete';
  return 'approve';
}

/** The reports and the bundle, written into a run folder as certify does after judging. */
async function reportAndBundle(runDir: RunDirectory, bundleInputs: BundleInputs): Promise<{ dir: RunDirectory; written: WrittenBundle }> {
  const summary = buildSummary({
    run: { ...run, verdicts: bundleInputs.run.verdicts },
    requirementSet: set,
    candidateKind: config.candidate.kind,
    capabilities: config.capabilities,
    policies: config.policies,
    baseline: undefined,
    selection: bundleInputs.selection,
    startedAt: bundleInputs.startedAt,
    finishedAt: bundleInputs.finishedAt,
  });
  await writeReports({ dir: runDir, summary, candidateLog: run.candidate.logs, allure: false });
  const bundle = await writeBundle({ ...bundleInputs, runDir: runDir.root, signingKey: key.privateKey, ticket: 'CERT-7', now: fixedNow });
  return { dir: runDir, written: bundle };
}

beforeAll(async () => {
  const evidenceDir = await prepareRunDirectory(join(root, 'run'));
  const startedAt = new Date().toISOString();
  run = await runCertification({
    config,
    outDir: evidenceDir.evidence,
    requirements: set.requirements.filter((requirement) => requirement.flow === 'bank-sync'),
    flows: FLOW_DRIVERS.filter((driver) => driver.id === 'bank-sync'),
    referenceMode: 'process',
    configDir: dirname(REFERENCE_CONFIG_FILE),
  });
  inputs = { run, config, requirementSet: set, baseline: undefined, selection: { only: ['bank-sync'], flows: ['bank-sync'] }, startedAt, finishedAt: new Date().toISOString() };
  ({ dir, written } = await reportAndBundle(evidenceDir, inputs));
  bytes = await readFile(written.file);
}, 120_000);

describe('a bundle from a real run of the reference connector', () => {
  it('holds the evidence byte for byte as the run wrote it, and the specs the traffic was validated against', async () => {
    const members = new Map(unpackArchive(bytes).map((entry) => [entry.name, entry.data]));
    expect(members.get(MEMBERS.traffic)?.equals(await readFile(dir.trafficJsonl))).toBe(true);
    expect(members.get(MEMBERS.events)?.equals(await readFile(dir.eventsJsonl))).toBe(true);
    expect(members.get(MEMBERS.steps)?.equals(await readFile(dir.stepsJsonl))).toBe(true);
    expect(run.evidence.traffic.length).toBeGreaterThan(0);
    expect(Object.fromEntries(Object.entries(written.manifest.specs).map(([api, spec]) => [api, spec.digest]))).toEqual(kitSpecDigests());
    expect(written.manifest).toMatchObject({ run: { ticket: 'CERT-7', incomplete: false, completedFlows: ['bank-sync'] }, candidate: { kind: 'reference', label: run.candidate.label } });
  });

  it('is deterministic: written again from the same run at the same time, it is the same bytes', async () => {
    const again = await writeBundle({ ...inputs, runDir: dir.root, signingKey: key.privateKey, ticket: 'CERT-7', now: fixedNow, file: join(root, 'again.bsck.tar.gz') });
    expect((await readFile(again.file)).equals(bytes)).toBe(true);
  });

  it('reviews clean: verified, signed, every verdict re-computed equal; decided as its verdicts say (partial set: never approve)', () => {
    const result = reviewBundleBytes(bytes, written.file, { publicKey: key.publicKey });
    expect(result.findings.filter((finding) => finding.kind === 'tampered')).toEqual([]);
    expect(result.signature).toMatchObject({ state: 'verified' });
    expect(result.findings).toContainEqual({ kind: 'ok', area: 're-computation', message: `all ${run.verdicts.length} verdicts re-computed from the bundled evidence with this kit's checks match verdicts.json` });
    expect(result.verdicts).toEqual(run.verdicts);
    expect(result.decision).toBe(expectedDecision(run.verdicts, false));
    expect(result.exitCode).toBe(result.decision === 'reject' ? 1 : 5);
  });

  it('judged against the whole set, the same evidence gives a complete signed bundle that approves or rejects per its verdicts', async () => {
    const verdicts = judge(run.evidence, set.requirements, { capabilities: config.capabilities, policies: config.policies, checks: CHECKS });
    const whole = await reportAndBundle(await prepareRunDirectory(join(root, 'whole')), { ...inputs, run: { ...run, verdicts }, selection: { only: [], flows: ['bank-sync'] } });
    const result = reviewBundleBytes(await readFile(whole.written.file), whole.written.file, { publicKey: key.publicKey });
    expect(result.findings.filter((finding) => finding.kind === 'tampered')).toEqual([]);
    expect(result.findings.filter((finding) => finding.area === 'completeness' && finding.message.includes('were not judged'))).toEqual([]);
    expect(result.decision).toBe(expectedDecision(verdicts, true));
    expect(result.exitCode).toBe({ approve: 0, reject: 1, incomplete: 5, tampered: 4 }[result.decision]);
  });

  it('a flipped verdict (digests refreshed, re-signed by the provider\'s own key) is named with both statuses', () => {
    const target = run.verdicts[0] as Verdict;
    const flipped = target.status === 'pass' ? 'fail' : 'pass';
    const forged = rewriteBundle(bytes, (members) => {
      const verdicts = JSON.parse((members.get(MEMBERS.verdicts) ?? Buffer.alloc(0)).toString('utf8')) as Verdict[];
      members.set(MEMBERS.verdicts, Buffer.from(`${JSON.stringify(verdicts.map((verdict) => (verdict.requirementId === target.requirementId ? { ...verdict, status: flipped } : verdict)), null, 2)}\n`));
    }, { refreshDigests: true, signWith: key.privateKey });
    const result = reviewBundleBytes(forged, written.file, { publicKey: key.publicKey });
    expect(result).toMatchObject({ decision: 'tampered', exitCode: 4 });
    const lines = result.findings.filter((finding) => finding.kind === 'tampered').map((finding) => `${finding.area}: ${finding.message}`);
    expect(lines).toEqual([
      `re-computation: ${target.requirementId}: verdicts.json says "${flipped}", re-computed from the evidence: "${target.status}" — ${target.sentence}`,
      `reports: ${target.requirementId}: verdicts.json says ${flipped}, reports/summary.json says ${target.status}`,
    ]);
  });

  it('an edited traffic record is located to its line and exchange id', () => {
    const forged = rewriteBundle(bytes, (members) => {
      const lines = (members.get(MEMBERS.traffic) ?? Buffer.alloc(0)).toString('utf8').split('\n');
      lines[0] = (lines[0] ?? '').replace(/"status":(\d+)/, '"status":599');
      members.set(MEMBERS.traffic, Buffer.from(lines.join('\n')));
    });
    const result = reviewBundleBytes(forged, written.file, { publicKey: key.publicKey });
    expect(result.decision).toBe('tampered');
    expect(result.findings.filter((finding) => finding.area === 'members' && finding.kind === 'tampered').map((finding) => finding.message)).toEqual([
      expect.stringMatching(/^evidence\/traffic\.jsonl changed after the bundle was written: .*; line 1 \(x-000001\) changed$/),
    ]);
  });
});
