import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packArchive, unpackArchive } from '../bundle/archive.ts';
import { BUNDLE_FILE_NAME, MEMBERS } from '../bundle/bundle-layout.ts';
import { writeSubmission, type WrittenSubmission } from '../bundle/write-submission.ts';
import { buildSummary, prepareRunDirectory, writeReports, type RunDirectory } from '../report/index.ts';
import { REFERENCE_CONFIG_FILE } from '../run/reference-connector.ts';
import { runCertification, type CertificationRun } from '../run/run-certification.ts';
import { FLOW_DRIVERS } from '../../suites/flows/index.ts';
import { loadRequirementSet } from '../../suites/requirements/index.ts';
import { referenceConfig } from '../review/test-support/bundle-fixture.ts';
import type { KnownSecret } from './run-secrets.ts';
import { scanForSecrets } from './scan-for-secrets.ts';

const SEEDED = Object.freeze({
  clientSecret: 'seeded-client-secret-Q7v2Lx9Rk4',
  apiKey: 'seeded-api-key-Zt5Wm3Np8Hc1',
  notificationHeaderValue: 'seeded-notification-value-Jd6Fy0Gs2',
});
const SEEDED_PRODUCT_KEY = 'seeded-product-signing-key-Ua4Ke8Oi1Vb7Pn3';

const root = await mkdtemp(join(tmpdir(), 'bsck-secret-free-'));
afterAll(() => rm(root, { recursive: true, force: true }));

let run: CertificationRun;
let dir: RunDirectory;
let secrets: KnownSecret[];
let submission: WrittenSubmission;
let reportsMs: Readonly<Record<string, number>>;
let reportFailures: readonly { readonly report: string; readonly message: string }[];

beforeAll(async () => {
  const config = referenceConfig();
  const set = loadRequirementSet();
  const flows = ['bank-sync', 'onboarding'];
  dir = await prepareRunDirectory(join(root, 'reports'));
  const startedAt = new Date().toISOString();
  run = await runCertification({
    config,
    outDir: dir.evidence,
    requirements: set.requirements.filter((requirement) => flows.includes(requirement.flow)),
    flows: FLOW_DRIVERS.filter((driver) => flows.includes(driver.id)),
    referenceMode: 'process',
    configDir: dirname(REFERENCE_CONFIG_FILE),
    simulator: { provider: SEEDED, product: { signingKey: SEEDED_PRODUCT_KEY } },
  });
  const selection = { only: flows, flows };
  const finishedAt = new Date().toISOString();
  const summary = buildSummary({ run, requirementSet: set, candidateKind: config.candidate.kind, capabilities: config.capabilities, policies: config.policies, baseline: undefined, selection, startedAt, finishedAt });
  // Every report, the Allure HTML included: "no trace in any output byte" means all of them.
  ({ reportsMs, failures: reportFailures } = await writeReports({ dir, summary, candidateLog: run.candidate.logs, allure: true }));
  // The run records every secret it hands out from the moment the simulator starts (recordRunSecrets).
  secrets = [...run.secrets.list()];
  submission = await writeSubmission({ runDir: dir.root, run, config, requirementSet: set, baseline: undefined, selection, startedAt, finishedAt, secrets });
}, 180_000);

describe('a run seeded with known secret values', () => {
  it('knows every kind of secret the run handed out, the seeded values among them', () => {
    const labels = new Set(secrets.map((secret) => secret.label));
    for (const label of ['client-secret', 'api-key', 'notification-header-value', 'product-signing-key', 'sage-id-token', 'test-user-password', 'test-user-otp']) expect(labels).toContain(label);
    const values = secrets.map((secret) => secret.value);
    expect(values).toEqual(expect.arrayContaining([...Object.values(SEEDED), SEEDED_PRODUCT_KEY, 'alice-test-password', '111111']));
    expect(secrets.filter((secret) => secret.label === 'sage-id-token').length).toBeGreaterThan(0);
  });

  it('leaves no trace of any of them in any byte of the output folder or of the bundle\'s members', async () => {
    expect(reportFailures).toEqual([]);
    expect(reportsMs['allure-report']).toBeGreaterThan(0);
    expect(existsSync(join(dir.allureReport, 'index.html'))).toBe(true);
    expect(submission.bundleFailure).toBeUndefined();
    expect(submission.bundle?.file).toBe(join(dir.root, BUNDLE_FILE_NAME));
    const members = unpackArchive(await readFile(join(dir.root, BUNDLE_FILE_NAME))).map((entry) => entry.name);
    expect(members).toEqual(expect.arrayContaining([MEMBERS.traffic, MEMBERS.summaryMd, MEMBERS.junitXml, 'reports/allure-report/index.html']));
    expect(submission.secretHits).toEqual([]);
  });

  it('finds a secret planted in a report, and one planted in a bundle member, naming file and secret', async () => {
    const planted = join(root, 'planted');
    await mkdir(planted);
    await writeFile(join(planted, 'summary.md'), `${await readFile(dir.summaryMd, 'utf8')}\nAuthorization: Basic ${Buffer.from(`provider:${SEEDED.clientSecret}`).toString('base64')}\n`);
    const token = secrets.find((secret) => secret.label === 'sage-id-token')?.value ?? '';
    const members = unpackArchive(await readFile(join(dir.root, BUNDLE_FILE_NAME)));
    const withToken = members.map((entry) => (entry.name === MEMBERS.junitXml ? { ...entry, data: Buffer.concat([entry.data, Buffer.from(`<!-- Bearer ${token} -->`)]) } : entry));
    await writeFile(join(planted, BUNDLE_FILE_NAME), packArchive(withToken));
    const hits = await scanForSecrets(planted, secrets);
    expect(hits.map((hit) => `${hit.file}: ${hit.label} (${hit.spelling})`)).toEqual([
      `${BUNDLE_FILE_NAME}!${MEMBERS.junitXml}: sage-id-token (plain)`,
      'summary.md: client-secret (base64)',
    ]);
  });

  it('removes the bundle when the output leaks a secret, so it cannot be submitted', async () => {
    await appendFile(dir.summaryMd, `\nnotification header: ${SEEDED.notificationHeaderValue}\n`);
    const leaked = await writeSubmission({
      runDir: dir.root, run, config: referenceConfig(), requirementSet: loadRequirementSet(), baseline: undefined,
      selection: { only: [], flows: [] }, startedAt: run.evidence.steps[0]?.startedAt ?? '', finishedAt: '', secrets,
    });
    expect(leaked).toMatchObject({ bundle: undefined, bundleRemoved: true, bundleFailure: undefined });
    expect(leaked.secretHits.map((hit) => `${hit.file}: ${hit.label} (${hit.spelling})`)).toEqual([
      `${BUNDLE_FILE_NAME}!${MEMBERS.summaryMd}: notification-header-value (plain)`,
      'summary.md: notification-header-value (plain)',
    ]);
    expect(existsSync(join(dir.root, BUNDLE_FILE_NAME))).toBe(false);
  });
});
