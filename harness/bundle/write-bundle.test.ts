import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareRunDirectory } from '../report/run-directory.ts';
import { kitSpecs, stubChecks, syntheticInputs, writeRunAndBundle } from '../review/test-support/bundle-fixture.ts';
import { loadRequirementSet } from '../../suites/requirements/index.ts';
import { unpackArchive } from './archive.ts';
import { MEMBERS } from './bundle-layout.ts';
import { sha256Of } from './digests.ts';
import { manifestProblems, type BundleManifest } from './manifest.ts';
import { openBundle } from './read-bundle.ts';
import { keyFingerprint, signatureVerifies } from './signing.ts';
import { writeBundle, type WrittenBundle } from './write-bundle.ts';

const root = await mkdtemp(join(tmpdir(), 'bsck-write-bundle-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const set = loadRequirementSet();

describe('writeBundle', () => {
  it('writes one .tar.gz into the run folder: manifest, verdicts, evidence, record digests and the reports found', async () => {
    const folder = join(root, 'plain');
    const inputs = syntheticInputs({ checks: stubChecks(set) });
    const written = await writeRunAndBundle(folder, inputs, { ticket: 'CERT-1' });
    expect(written.file).toBe(join(folder, 'submission.bsck.tar.gz'));
    expect((await readdir(folder)).filter((name) => name.endsWith('.partial'))).toEqual([]);
    const members = new Map(unpackArchive(written.bytes).map((entry) => [entry.name, entry.data]));
    expect([...members.keys()].sort()).toEqual([
      MEMBERS.candidateLog, MEMBERS.events, MEMBERS.facts, MEMBERS.recordDigests, MEMBERS.steps, MEMBERS.traffic,
      MEMBERS.manifest, MEMBERS.junitXml, MEMBERS.summaryJson, MEMBERS.summaryMd, MEMBERS.verdicts,
    ].sort());
    const manifest = JSON.parse(members.get(MEMBERS.manifest)?.toString('utf8') ?? '') as BundleManifest;
    expect(manifestProblems(manifest)).toEqual([]);
    expect(manifest).toMatchObject({
      format: 'bsck-submission-bundle',
      formatVersion: 1,
      kit: { name: 'banking-service-conformance-kit' },
      requirementSet: { version: set.version, digest: set.digest },
      candidate: { kind: 'reference', label: 'reference connector (process)', imageId: null, command: null },
      capabilities: [...inputs.config.capabilities].sort(),
      selection: { only: [], requirements: inputs.run.verdicts.map((verdict) => verdict.requirementId) },
      baseline: { file: null, knownFailures: [], outcome: { newFailures: [], stale: [], accepted: [] } },
      run: { ticket: 'CERT-1', startedAt: inputs.startedAt, finishedAt: inputs.finishedAt, bundledAt: '2025-01-01T00:00:05.000Z', incomplete: false },
      signing: null,
    });
    expect(Object.keys(manifest.specs).sort()).toEqual(['connector-api', 'consumer-api', 'provider-api', 'sage-id']);
    for (const member of manifest.members) {
      expect(members.get(member.name)?.length).toBe(member.bytes);
      expect(sha256Of(members.get(member.name) ?? Buffer.alloc(0))).toBe(member.sha256);
    }
    expect(JSON.parse(members.get(MEMBERS.verdicts)?.toString('utf8') ?? '')).toEqual(inputs.run.verdicts);
    expect(JSON.parse(members.get(MEMBERS.recordDigests)?.toString('utf8') ?? '')).toEqual({
      [MEMBERS.traffic]: [expect.stringMatching(/^[0-9a-f]{16}$/), expect.any(String), expect.any(String)],
      [MEMBERS.events]: [expect.any(String)],
      [MEMBERS.steps]: [expect.any(String)],
    });
    // The test users' passwords and one-time codes of the config are not in the manifest.
    const text = members.get(MEMBERS.manifest)?.toString('utf8') ?? '';
    for (const secret of ['alice-test-password', 'bob-test-password', '111111', '222222']) expect(text).not.toContain(secret);
  });

  it('bundles every file of the Allure report folder and the screenshots, unless told this run wrote no Allure report', async () => {
    const folder = join(root, 'allure');
    const dir = await prepareRunDirectory(folder);
    await mkdir(join(dir.allureReport, 'data'), { recursive: true });
    await mkdir(join(dir.evidence, 'screenshots'), { recursive: true });
    await writeFile(join(dir.allureReport, 'index.html'), '<!DOCTYPE html>');
    await writeFile(join(dir.allureReport, 'data', 'a.json'), '{}');
    await writeFile(join(dir.evidence, 'screenshots', 'auth-page.png'), Buffer.from([0x89, 0x50]));
    const inputs = { ...syntheticInputs({ checks: stubChecks(set) }), runDir: folder, specs: kitSpecs() };
    const names = async (written: WrittenBundle) => unpackArchive(await readFile(written.file)).map((entry) => entry.name);
    const withAllure = await names(await writeBundle(inputs));
    expect(withAllure).toEqual(expect.arrayContaining(['reports/allure-report/index.html', 'reports/allure-report/data/a.json', 'evidence/screenshots/auth-page.png']));
    expect(withAllure).not.toContain(MEMBERS.summaryJson);
    // A report left by an earlier run in the same folder (this one ran with --no-allure) is not this run's.
    const withoutAllure = await names(await writeBundle({ ...inputs, includeAllureReport: false }));
    expect(withoutAllure.filter((name) => name.startsWith('reports/allure-report/'))).toEqual([]);
  });

  it('with a signing key, adds signature.json over the manifest\'s exact bytes and names the key in the manifest', async () => {
    const key = generateKeyPairSync('ed25519');
    const written = await writeRunAndBundle(join(root, 'signed'), syntheticInputs({ checks: stubChecks(set) }), { signingKey: key.privateKey });
    const bundle = openBundle(written.bytes, written.file);
    expect(bundle.manifest?.signing).toEqual({ algorithm: 'ed25519', publicKey: keyFingerprint(key.publicKey) });
    expect(bundle.signature?.publicKey).toBe(keyFingerprint(key.publicKey));
    expect(signatureVerifies(bundle.manifestBytes ?? Buffer.alloc(0), bundle.signature ?? { algorithm: 'ed25519', publicKey: '', signature: '' }, key.publicKey)).toBe(true);
    expect(bundle.manifest?.members.map((member) => member.name)).not.toContain(MEMBERS.signature);
    expect(existsSync(written.file)).toBe(true);
  });
});

describe('the manifest schema', () => {
  it('names an unknown key, a missing key and a malformed digest', () => {
    expect(manifestProblems({})[0]).toBe("(top level): must have required property 'format'");
    expect(manifestProblems({ format: 'bsck-submission-bundle', formatVersion: 2 })).toContain('/formatVersion: must be equal to constant');
    const problems = manifestProblems({ requirementSet: { version: '1.0', digest: 'md5:abc', extra: 1 } });
    expect(problems).toEqual(expect.arrayContaining(['/requirementSet: must NOT have additional properties "extra"', '/requirementSet/digest: must match pattern "^sha256:[0-9a-f]{64}$"']));
  });
});
