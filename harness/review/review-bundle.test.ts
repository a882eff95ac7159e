import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBERS } from '../bundle/bundle-layout.ts';
import type { BundleManifest } from '../bundle/manifest.ts';
import type { Verdict } from '../../suites/checks/verdict.ts';
import { loadRequirementSet } from '../../suites/requirements/index.ts';
import { reviewBundleBytes, type ReviewOptions, type ReviewResult } from './review-bundle.ts';
import type { WebhookContractOutcome } from '../run/pact-phase.ts';
import { kitContract } from './kit-contract.ts';
import { contractOutcome, editJson, rewriteBundle, stubChecks, syntheticInputs, writeRunAndBundle } from './test-support/bundle-fixture.ts';

const root = await mkdtemp(join(tmpdir(), 'bsck-review-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const set = loadRequirementSet();
const passing = stubChecks(set);
const failingOnb01 = stubChecks(set, ['ONB-01']);
const providerKey = generateKeyPairSync('ed25519');
const otherKey = generateKeyPairSync('ed25519');

const problems = (result: ReviewResult, kind: 'tampered' | 'incomplete' | 'warning' = 'tampered') =>
  result.findings.filter((finding) => finding.kind === kind).map((finding) => `${finding.area}: ${finding.message}`);

let clean: Buffer;
let signed: Buffer;
let rejected: Buffer;
let partial: Buffer;
let baselined: Buffer;
const review = (bytes: Buffer, options: ReviewOptions = {}) => reviewBundleBytes(bytes, 'submission.bsck.tar.gz', { checks: passing, ...options });

beforeAll(async () => {
  clean = (await writeRunAndBundle(join(root, 'clean'), syntheticInputs({ checks: passing }), { ticket: 'CERT-1042' })).bytes;
  signed = (await writeRunAndBundle(join(root, 'signed'), syntheticInputs({ checks: passing }), { signingKey: providerKey.privateKey })).bytes;
  rejected = (await writeRunAndBundle(join(root, 'rejected'), syntheticInputs({ checks: failingOnb01 }), { signingKey: providerKey.privateKey })).bytes;
  partial = (await writeRunAndBundle(join(root, 'partial'), syntheticInputs({ checks: passing, requirements: set.requirements.filter((requirement) => requirement.flow === 'bank-sync') }))).bytes;
  baselined = (await writeRunAndBundle(join(root, 'baselined'), syntheticInputs({ checks: failingOnb01, baseline: { source: '/provider/baseline.yaml', knownFailures: [{ requirement: 'ONB-01', reason: 'fixed in release 4' }] } }))).bytes;
});

describe('review decisions on untouched bundles', () => {
  it('approves a verified, complete, conformant bundle (exit 0) and says the bundle is unsigned', () => {
    const result = review(clean);
    expect(result).toMatchObject({ decision: 'approve', exitCode: 0 });
    expect(problems(result)).toEqual([]);
    expect(problems(result, 'incomplete')).toEqual([]);
    expect(problems(result, 'warning')).toEqual(['signature: the bundle is not signed: its digests prove it is consistent, not who wrote it']);
    expect(result.record).toContain('# Submission review: ✅ APPROVE');
    expect(result.record).toContain('| Run ticket | CERT-1042 |');
    expect(result.record).toContain(`all ${set.requirements.length} verdicts re-computed from the bundled evidence with this kit's checks match verdicts.json`);
  });

  it('approves a signed bundle with the right public key, and with no key approves but says the signature was not checked', () => {
    const verified = review(signed, { publicKey: providerKey.publicKey });
    expect(verified).toMatchObject({ decision: 'approve', exitCode: 0, signature: { state: 'verified' } });
    expect(verified.record).toMatch(/\| Signature \| verified — Ed25519 key `sha256:[0-9a-f]{64}` \|/);
    const unchecked = review(signed);
    expect(unchecked).toMatchObject({ decision: 'approve', signature: { state: 'not-checked' } });
    expect(problems(unchecked, 'warning')).toEqual([expect.stringMatching(/^signature: signed with Ed25519 key sha256:[0-9a-f]{16}…, not checked: review with --public-key/)]);
  });

  it('rejects a verified bundle in which a MUST fails (exit 1), listing the failure with its sentence', () => {
    const result = review(rejected, { publicKey: providerKey.publicKey, checks: failingOnb01 });
    expect(result).toMatchObject({ decision: 'reject', exitCode: 1, reason: 'Verified, but 1 MUST requirement fails: ONB-01.' });
    expect(result.record).toMatch(/### Failures \(1\)[\s\S]*\| \*\*ONB-01\*\* \| MUST \| onboarding \| .* \| ONB-01 failed over 3 exchange\(s\)\. \|/);
  });

  it('rejects a failure the provider\'s baseline accepts: the baseline is the provider\'s CI tool, not a waiver', () => {
    const result = review(baselined, { checks: failingOnb01 });
    expect(result).toMatchObject({ decision: 'reject', exitCode: 1 });
    expect(problems(result, 'warning')).toContain("baseline: the provider's baseline accepts ONB-01 as known failure(s); a review does not: a failing MUST rejects the submission");
    expect(result.record).toContain('- **ONB-01** — fixed in release 4');
  });

  it('calls a bundle that judged only part of the set incomplete (exit 5), naming what was not judged', () => {
    const result = review(partial);
    const syncCount = set.requirements.filter((requirement) => requirement.flow === 'bank-sync').length;
    expect(result).toMatchObject({ decision: 'incomplete', exitCode: 5 });
    expect(problems(result)).toEqual([]);
    expect(problems(result, 'incomplete')).toEqual([
      expect.stringMatching(new RegExp(`^completeness: ${set.requirements.length - syncCount} of the ${set.requirements.length} requirements of set 1\\.0 were not judged \\(the run was limited with --only bank-sync\\): ONB-01, `)),
      'contracts: the webhook contract was not verified (--only bank-sync): The webhook contract was not part of this run.',
    ]);
  });
});

describe('an interrupted run', () => {
  it('is incomplete, its undecided verdicts re-computed as runCertification leaves them (error, not fail)', async () => {
    const inputs = syntheticInputs({ checks: failingOnb01 });
    // As harness/run/run-certification.ts does for flows that did not finish when the run was interrupted.
    const verdicts = inputs.run.verdicts.map((verdict) =>
      verdict.status === 'not-applicable' || verdict.flow === 'bank-sync'
        ? verdict
        : { ...verdict, status: 'error' as const, sentence: `Not decided: the run was interrupted before the ${verdict.flow} flow finished.`, exchanges: [], events: [] },
    );
    const interrupted = { ...inputs, run: { ...inputs.run, verdicts, incomplete: true, completedFlows: ['bank-sync'] } };
    const result = review((await writeRunAndBundle(join(root, 'interrupted'), interrupted)).bytes, { checks: failingOnb01 });
    expect(problems(result)).toEqual([]);
    expect(result).toMatchObject({ decision: 'incomplete', exitCode: 5 });
    expect(problems(result, 'incomplete')).toEqual([
      'completeness: the run was interrupted before every flow ran (flows completed: bank-sync)',
      expect.stringMatching(/^completeness: the kit could not decide \d+ requirements \(status error, not the candidate's fault\): ONB-01, /),
    ]);
    expect(result.record).toContain('— **interrupted**');
  });
});

describe('tampering: review reports exactly what changed (exit 4)', () => {
  const setStatus = (id: string, status: Verdict['status']) => (members: Map<string, Buffer>) =>
    editJson<Verdict[]>(members, MEMBERS.verdicts, (verdicts) => verdicts.map((verdict) => (verdict.requirementId === id ? { ...verdict, status } : verdict)));

  it('an edited verdict: the member digest, the re-computed verdict and summary.json each name it', () => {
    const result = review(rewriteBundle(clean, setStatus('SYNC-01', 'fail')));
    expect(result).toMatchObject({ decision: 'tampered', exitCode: 4 });
    expect(problems(result)).toEqual([
      expect.stringMatching(/^members: verdicts\.json changed after the bundle was written: SHA-256 sha256:[0-9a-f]{12}… is not the manifest's sha256:[0-9a-f]{12}… \(same size, \d+ bytes\)$/),
      're-computation: SYNC-01: verdicts.json says "fail", re-computed from the evidence: "pass" — SYNC-01 held over 3 exchange(s).',
      'reports: SYNC-01: verdicts.json says fail, reports/summary.json says pass',
    ]);
  });

  it('an edited verdict with every digest recomputed (a careful forger): re-computation still names it', () => {
    const result = review(rewriteBundle(clean, setStatus('ONB-03', 'pass'), { refreshDigests: true }), { checks: stubChecks(set, ['ONB-03']) });
    expect(problems(result).filter((line) => line.startsWith('re-computation') || line.startsWith('members'))).toEqual([
      're-computation: ONB-03: verdicts.json says "pass", re-computed from the evidence: "fail" — ONB-03 failed over 3 exchange(s).',
    ]);
  });

  it('an edited traffic record: the member, the line and the exchange id', () => {
    const result = review(rewriteBundle(clean, (members) => {
      const lines = (members.get(MEMBERS.traffic) ?? Buffer.alloc(0)).toString('utf8').split('\n');
      lines[1] = (lines[1] ?? '').replace('"status":200', '"status":201');
      members.set(MEMBERS.traffic, Buffer.from(lines.join('\n')));
    }));
    expect(result.decision).toBe('tampered');
    expect(problems(result)).toEqual([
      expect.stringMatching(/^members: evidence\/traffic\.jsonl changed after the bundle was written: .* \(same size, \d+ bytes\); line 2 \(x-000002\) changed$/),
    ]);
  });

  it('an added traffic record, with digests refreshed: the re-computed verdicts differ (they cite the exchanges they saw)', () => {
    const result = review(rewriteBundle(clean, (members) => {
      const text = (members.get(MEMBERS.traffic) ?? Buffer.alloc(0)).toString('utf8');
      const last = text.trim().split('\n').at(-1) ?? '';
      members.set(MEMBERS.traffic, Buffer.from(`${text}${last.replace(/x-000003/g, 'x-000004').replace('"seq":3', '"seq":4')}\n`));
    }, { refreshDigests: true }));
    expect(result.decision).toBe('tampered');
    const recomputation = problems(result).filter((line) => line.startsWith('re-computation'));
    expect(recomputation).toHaveLength(set.requirements.length);
    expect(recomputation[0]).toBe('re-computation: SYNC-01: status pass agrees, but sentence (verdicts.json "SYNC-01 held over 3 exchange(s).", re-computed "SYNC-01 held over 4 exchange(s)."); exchanges (verdicts.json ["x-000001","x-000002","x-000003"], re-computed ["x-000001","x-000002","x-000003","x-000004"]) differ');
  });

  it('an edited manifest field (unsigned): summary.json names the field and both values', () => {
    const result = review(rewriteBundle(clean, (members) => editJson<BundleManifest>(members, MEMBERS.manifest, (manifest) => ({ ...manifest, candidate: { ...manifest.candidate, imageId: 'sha256:feedface' } }))));
    expect(problems(result)).toEqual(['reports: the manifest and reports/summary.json disagree on the candidate — /imageId: the manifest "sha256:feedface", reports/summary.json null']);
  });

  it('an edited manifest (signed): the signature no longer verifies', () => {
    const forged = rewriteBundle(signed, (members) => editJson<BundleManifest>(members, MEMBERS.manifest, (manifest) => ({ ...manifest, run: { ...manifest.run, ticket: 'CERT-9999' } })));
    expect(problems(review(forged, { publicKey: providerKey.publicKey }))).toEqual([
      expect.stringMatching(/^signature: the Ed25519 signature does not verify with key sha256:[0-9a-f]{16}…: manifest\.json \(or the signature\) changed after signing$/),
    ]);
  });

  it('the requirement list: a verdict removed (digests refreshed), and the set version or digest changed', () => {
    const removed = review(rewriteBundle(clean, (members) => editJson<Verdict[]>(members, MEMBERS.verdicts, (verdicts) => verdicts.filter((verdict) => verdict.requirementId !== 'SEC-01')), { refreshDigests: true }));
    expect(problems(removed)).toEqual([
      'manifest: the manifest says SEC-01 was judged, but verdicts.json has no verdict for it',
      'reports: SEC-01 has a verdict in reports/summary.json but none in verdicts.json',
    ]);
    expect(problems(removed, 'incomplete')).toEqual([expect.stringMatching(/^completeness: 1 of the \d+ requirements of set 1\.0 were not judged: SEC-01$/)]);

    const version = review(rewriteBundle(clean, (members) => editJson<BundleManifest>(members, MEMBERS.manifest, (manifest) => ({ ...manifest, requirementSet: { ...manifest.requirementSet, version: '0.9' } }))));
    expect(problems(version, 'incomplete')).toEqual(['requirement set: requirement set "0.9" is not one this kit knows (known: 1.0): its verdicts cannot be re-computed here; review it with the kit release that ships it']);
    expect(problems(version)).toEqual(['reports: the manifest and reports/summary.json disagree on the requirement set — /version: the manifest "0.9", reports/summary.json "1.0"']);

    const digest = review(rewriteBundle(clean, (members) => editJson<BundleManifest>(members, MEMBERS.manifest, (manifest) => ({ ...manifest, requirementSet: { ...manifest.requirementSet, digest: `sha256:${'0'.repeat(64)}` } }))));
    expect(problems(digest)[0]).toMatch(/^requirement set: the manifest gives requirement set 1\.0 the digest sha256:000000000000…, but this kit's set 1\.0 is sha256:[0-9a-f]{12}…: the run did not use the frozen set$/);
  });

  it('a member removed, a member added, a member renamed', () => {
    const removed = review(rewriteBundle(clean, (members) => members.delete(MEMBERS.junitXml)));
    expect(problems(removed)).toEqual(['members: reports/junit.xml is listed in the manifest but missing from the bundle']);
    const added = review(rewriteBundle(clean, (members) => members.set('reports/extra-evidence.txt', Buffer.from('trust me'))));
    expect(problems(added)).toEqual(['members: reports/extra-evidence.txt is in the bundle but not in the manifest: it was added after the bundle was written']);
    const renamed = review(rewriteBundle(clean, (members) => {
      members.set('evidence/steps.json', members.get(MEMBERS.steps) ?? Buffer.alloc(0));
      members.delete(MEMBERS.steps);
    }));
    expect(problems(renamed)).toEqual([
      'members: evidence/steps.jsonl is listed in the manifest but missing from the bundle',
      'members: evidence/steps.json is in the bundle but not in the manifest: it was added after the bundle was written',
    ]);
  });

  it('a broken, stripped, swapped or missing signature', () => {
    const broken = rewriteBundle(signed, (members) => editJson<{ signature: string }>(members, MEMBERS.signature, (signature) => ({ ...signature, signature: Buffer.alloc(64, 1).toString('base64') })));
    expect(problems(review(broken, { publicKey: providerKey.publicKey }))).toEqual([expect.stringMatching(/^signature: the Ed25519 signature does not verify/)]);
    const stripped = rewriteBundle(signed, (members) => members.delete(MEMBERS.signature));
    expect(problems(review(stripped))).toEqual([expect.stringMatching(/^signature: the manifest says it was signed with key sha256:[0-9a-f]{16}… but signature\.json is missing: the signature was removed$/)]);
    const resigned = rewriteBundle(signed, () => {}, { signWith: otherKey.privateKey });
    expect(problems(review(resigned, { publicKey: providerKey.publicKey }))).toEqual([expect.stringMatching(/^signature: the manifest names signing key sha256:[0-9a-f]{16}… but signature\.json is by sha256:[0-9a-f]{16}…$/)]);
    expect(problems(review(signed, { publicKey: otherKey.publicKey }))).toEqual([expect.stringMatching(/^signature: signed with key sha256:[0-9a-f]{16}…, not with the --public-key given \(sha256:[0-9a-f]{16}…\)$/)]);
    expect(problems(review(clean, { publicKey: providerKey.publicKey }))).toEqual([expect.stringMatching(/^signature: --public-key was given \(sha256:[0-9a-f]{16}…\) but the bundle is not signed: its origin cannot be verified$/)]);
  });

  it('the recorded config, capabilities and policies must agree with their digest and with facts.json', () => {
    const config = review(rewriteBundle(clean, (members) => editJson<BundleManifest>(members, MEMBERS.manifest, (manifest) => ({ ...manifest, config: { ...manifest.config, value: { ...(manifest.config.value as object), timeouts: { startupMs: 1, requestMs: 1, flowStepMs: 1 } } } }))));
    expect(problems(config)).toEqual([expect.stringMatching(/^config: the config's digest sha256:[0-9a-f]{12}… is not the SHA-256 of the config it records \(sha256:[0-9a-f]{12}…\): one of them changed$/)]);
    const capability = review(rewriteBundle(clean, (members) => editJson<BundleManifest>(members, MEMBERS.manifest, (manifest) => ({ ...manifest, capabilities: manifest.capabilities.filter((entry) => entry !== 'iframe') }))));
    const lines = problems(capability);
    expect(lines.slice(0, 2)).toEqual([
      'config: the manifest and the recorded config disagree on the capabilities — only the recorded config has "iframe"',
      'evidence: the manifest and facts.json disagree on the capabilities — only facts.json has "iframe"',
    ]);
    // With "iframe" undeclared, the requirements needing it re-compute as not applicable: each is named.
    const iframeRequirements = set.requirements.filter((requirement) => requirement.capability === 'iframe').map((requirement) => requirement.id);
    expect(lines.filter((line) => line.startsWith('re-computation: '))).toEqual(
      iframeRequirements.map((id) => `re-computation: ${id}: verdicts.json says "pass", re-computed from the evidence: "not-applicable" — Not applicable: the candidate does not declare capability "iframe".`),
    );
    expect(lines.at(-1)).toBe('reports: the manifest and reports/summary.json disagree on the capabilities — only reports/summary.json has "iframe"');
  });

  it('facts.json must name the auth driver the recorded config used', () => {
    // The redirect driver makes the scenarios it cannot drive not applicable; a facts.json claiming it would excuse them.
    const claimed = review(rewriteBundle(clean, (members) => editJson<{ authDriver: string }>(members, MEMBERS.facts, (facts) => ({ ...facts, authDriver: 'redirect' }))));
    expect(problems(claimed)).toEqual([
      expect.stringMatching(/^members: evidence\/facts\.json changed after the bundle was written/),
      'evidence: the recorded config and facts.json disagree on the auth driver — the recorded config "form", facts.json "redirect"',
    ]);
  });

  it('what is not a bundle at all, or has no manifest', () => {
    expect(problems(review(Buffer.from('{"verdicts":[]}')))).toEqual(['archive: submission.bsck.tar.gz is not a readable bundle: not a gzip file (a bundle is a .tar.gz)']);
    const headless = review(rewriteBundle(clean, (members) => members.delete(MEMBERS.manifest)));
    expect(headless).toMatchObject({ decision: 'tampered', exitCode: 4 });
    expect(problems(headless)).toEqual(['manifest: manifest.json: manifest.json is missing']);
    const extraKey = review(rewriteBundle(clean, (members) => editJson<BundleManifest>(members, MEMBERS.manifest, (manifest) => ({ ...manifest, approvedBy: 'Sage' }))));
    expect(problems(extraKey)).toEqual(['manifest: manifest.json: (top level): must NOT have additional properties "approvedBy"']);
  });
});

describe('the webhook contract results (reports/summary.json contracts, restated in junit.xml)', () => {
  const kitInteractions = kitContract().interactions;
  const wrapped = kitInteractions.find((interaction) => interaction.requirementIds.includes('SPEC-03'))?.description ?? '';
  let failing: Buffer;
  let unverified: Buffer;

  beforeAll(async () => {
    failing = (await writeRunAndBundle(join(root, 'contract-failing'), { ...syntheticInputs({ checks: passing }), contracts: contractOutcome([wrapped]) })).bytes;
    const { contracts: _dropped, ...withoutContracts } = syntheticInputs({ checks: passing });
    unverified = (await writeRunAndBundle(join(root, 'contract-unverified'), withoutContracts)).bytes;
  });

  it('approves an honest bundle whose every interaction passed, saying what it checked', () => {
    const result = review(clean);
    expect(result.findings).toContainEqual({ kind: 'ok', area: 'contracts', message: expect.stringMatching(new RegExp(`^the webhook contract's ${kitInteractions.length} interaction results agree with this kit's pact and with reports/junit.xml`)) });
  });

  it('rejects a genuine bundle in which an interaction failed, naming it (a failed interaction gates on its own)', () => {
    const result = review(failing);
    expect(problems(result)).toEqual([]);
    expect(result).toMatchObject({ decision: 'reject', exitCode: 1, reason: `Verified, but 1 webhook contract interaction fails: "${wrapped}".` });
  });

  it('calls a whole-set bundle without contract results incomplete', () => {
    const result = review(unverified);
    expect(result).toMatchObject({ decision: 'incomplete', exitCode: 5 });
    expect(problems(result, 'incomplete')).toEqual(['contracts: the webhook contract was not verified: The webhook contract was not part of this run.']);
  });

  it('flags a failed interaction edited to passed, even with every digest refreshed: junit.xml and the contract status still say failed', () => {
    const edited = rewriteBundle(failing, (members) => editJson<{ contracts: WebhookContractOutcome }>(members, MEMBERS.summaryJson, (summary) => {
      summary.contracts = { ...summary.contracts, interactions: summary.contracts.interactions.map((interaction) => ({ ...interaction, status: 'passed', mismatches: [] })) };
    }), { refreshDigests: true });
    const result = review(edited);
    expect(result.decision).toBe('tampered');
    expect(problems(result)).toEqual([
      'contracts: the contract is recorded failed but no interaction failed',
      `contracts: ${JSON.stringify(wrapped)}: reports/summary.json says passed, reports/junit.xml says failed`,
    ]);
  });

  it('flags an interaction result carrying requirement ids the kit does not give it, and a result the pact does not have', () => {
    const edited = rewriteBundle(clean, (members) => editJson<{ contracts: WebhookContractOutcome }>(members, MEMBERS.summaryJson, (summary) => {
      const [first, ...rest] = summary.contracts.interactions;
      summary.contracts = { ...summary.contracts, interactions: [{ ...first!, requirementIds: ['ONB-01'] }, ...rest.slice(1)] };
    }), { refreshDigests: true });
    const messages = problems(review(edited));
    expect(messages).toContainEqual(expect.stringMatching(/^contracts: no result for ".+", an interaction of the pact$/));
    expect(messages).toContainEqual(expect.stringMatching(/^contracts: ".+" carries id ".+" and requirements \["ONB-01"\]; the kit gives/));
  });
});
