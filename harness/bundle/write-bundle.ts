import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { applyBaseline, type Baseline } from '../baseline/index.ts';
import type { ResolvedConfig } from '../config/index.ts';
import { policyOverridesOf } from '../policies/index.ts';
import { KIT } from '../report/kit-version.ts';
import { runDirectory } from '../report/run-directory.ts';
import type { CandidateSummary } from '../run/run-certification.ts';
import type { ApiValidator } from '../../specs/loader/index.ts';
import type { Evidence } from '../../suites/checks/evidence.ts';
import type { Verdict } from '../../suites/checks/verdict.ts';
import { packArchive } from './archive.ts';
import { bundleConfig } from './bundle-config.ts';
import { BUNDLE_FILE_NAME, BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, JSONL_EVIDENCE, MEMBER_FOLDERS, MEMBERS } from './bundle-layout.ts';
import { recordDigests, sha256Of } from './digests.ts';
import { renderManifest, type BundleManifest, type ManifestSpec } from './manifest.ts';
import { keyFingerprint, renderSignature, signManifest } from './signing.ts';
import type { TarEntry } from './tar.ts';

/** What the bundle needs of a CertificationRun (the whole run satisfies it). */
export interface BundleRun {
  readonly verdicts: readonly Verdict[];
  readonly evidence: Evidence;
  readonly candidate: CandidateSummary;
  readonly incomplete: boolean;
  readonly completedFlows: readonly string[];
}

/** The spec digests the manifest records: a loaded SpecSet satisfies this. */
export type BundleSpecs = Readonly<Record<string, Pick<ApiValidator, 'title' | 'version' | 'digest'>>>;

export interface WriteBundleInput {
  /** The run's output folder (--out): the reports are taken from it, and the bundle is written into it by default. */
  readonly runDir: string;
  readonly run: BundleRun;
  readonly config: ResolvedConfig;
  readonly requirementSet: { readonly version: string; readonly digest: string };
  readonly baseline: Baseline | undefined;
  readonly selection: { readonly only: readonly string[]; readonly flows: readonly string[] };
  readonly startedAt: string;
  readonly finishedAt: string;
  /** --ticket: the reference the provider gives the submission. */
  readonly ticket?: string;
  /** --sign-key: an Ed25519 private key; the bundle then carries signature.json. */
  readonly signingKey?: KeyObject;
  /** The validators the run checked traffic against; default: the bundled spec set (memoised, already loaded by the run). */
  readonly specs?: BundleSpecs;
  /**
   * Whether <runDir>/allure-report is this run's (default true). False when the run wrote no Allure report
   * (--no-allure, an interrupted run): a report an earlier run left in the folder must not travel with this one.
   */
  readonly includeAllureReport?: boolean;
  /** Where to write the bundle; default <runDir>/submission.bsck.tar.gz. */
  readonly file?: string;
  readonly now?: () => Date;
}

export interface WrittenBundle {
  readonly file: string;
  readonly bytes: number;
  /** `sha256:<hex>` of the bundle file: what a provider quotes when it submits. */
  readonly digest: string;
  readonly manifest: BundleManifest;
  readonly members: number;
  readonly signed: boolean;
  readonly ms: number;
}

const jsonl = (records: readonly unknown[]): string => records.map((record) => `${JSON.stringify(record)}\n`).join('');
const json = (value: unknown): Buffer => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');

/** Every regular file below a folder, as members under a prefix; symbolic links and other oddities are not followed. */
async function folderMembers(folder: string, prefix: string): Promise<TarEntry[]> {
  if (!existsSync(folder)) return [];
  const entries: TarEntry[] = [];
  const walk = async (dir: string, relative: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) await walk(path, name);
      else if (entry.isFile()) entries.push({ name: `${prefix}${name}`, data: await readFile(path) });
    }
  };
  await walk(folder, '');
  return entries;
}

async function optionalFile(path: string, name: string): Promise<TarEntry[]> {
  const stats = await lstat(path).catch(() => undefined);
  return stats?.isFile() ? [{ name, data: await readFile(path) }] : [];
}

async function specDigests(specs: BundleSpecs | undefined): Promise<Record<string, ManifestSpec>> {
  const loaded = specs ?? (await (await import('../../specs/loader/index.ts')).loadSpecSet());
  return Object.fromEntries(Object.entries(loaded).sort(([a], [b]) => (a < b ? -1 : 1)).map(([api, spec]) => [api, { title: spec.title, version: spec.version, digest: spec.digest }]));
}

function candidateOf(config: ResolvedConfig, summary: CandidateSummary): BundleManifest['candidate'] {
  const spec = config.candidate;
  return {
    kind: spec.kind,
    label: summary.label,
    description: summary.description,
    imageId: summary.imageId ?? null,
    image: spec.kind === 'image' ? spec.image : spec.kind === 'dockerfile' ? spec.folder : null,
    command: spec.kind === 'command' ? (typeof spec.command === 'string' ? spec.command : [...spec.command]) : null,
    url: spec.kind === 'url' ? spec.url : null,
    readyAfterMs: summary.readyAfterMs === undefined ? null : Math.round(summary.readyAfterMs),
  };
}

/**
 * Writes the submission bundle (docs/bundle-format.md): the verdicts and the evidence they were judged from (as
 * judged, from the run in memory), the reports found in the run folder, a manifest with the SHA-256 of every other
 * member, and with a signing key an Ed25519 signature over the manifest's bytes. Written to a temporary name and
 * renamed, so a half-written bundle never sits where a provider would pick it up.
 */
export async function writeBundle(input: WriteBundleInput): Promise<WrittenBundle> {
  const started = performance.now();
  const now = input.now ?? (() => new Date());
  const dir = runDirectory(input.runDir);
  const { run } = input;

  const traffic = jsonl(run.evidence.traffic);
  const events = jsonl(run.evidence.events);
  const steps = jsonl(run.evidence.steps);
  const evidenceText: Record<string, string> = { [MEMBERS.traffic]: traffic, [MEMBERS.events]: events, [MEMBERS.steps]: steps };
  const members: TarEntry[] = [
    { name: MEMBERS.verdicts, data: json(run.verdicts) },
    { name: MEMBERS.traffic, data: Buffer.from(traffic, 'utf8') },
    { name: MEMBERS.events, data: Buffer.from(events, 'utf8') },
    { name: MEMBERS.steps, data: Buffer.from(steps, 'utf8') },
    { name: MEMBERS.facts, data: json(run.evidence.facts) },
    { name: MEMBERS.recordDigests, data: json(Object.fromEntries(JSONL_EVIDENCE.map((name) => [name, recordDigests(evidenceText[name] ?? '')]))) },
    ...(await optionalFile(dir.candidateLog, MEMBERS.candidateLog)),
    ...(await folderMembers(join(dir.evidence, 'screenshots'), MEMBER_FOLDERS.screenshots)),
    ...(await optionalFile(dir.summaryJson, MEMBERS.summaryJson)),
    ...(await optionalFile(dir.summaryMd, MEMBERS.summaryMd)),
    ...(await optionalFile(dir.junitXml, MEMBERS.junitXml)),
    ...(input.includeAllureReport === false ? [] : await folderMembers(dir.allureReport, MEMBER_FOLDERS.allureReport)),
  ];

  const outcome = applyBaseline(new Map(run.verdicts.map((verdict) => [verdict.requirementId, verdict.status])), input.baseline);
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    kit: { name: KIT.name, version: KIT.version },
    requirementSet: { version: input.requirementSet.version, digest: input.requirementSet.digest },
    specs: await specDigests(input.specs),
    candidate: candidateOf(input.config, run.candidate),
    config: bundleConfig(input.config),
    capabilities: [...input.config.capabilities].sort(),
    policies: { inForce: { ...input.config.policies }, overrides: { ...policyOverridesOf(input.config.policies) } },
    selection: { only: [...input.selection.only], flows: [...input.selection.flows], requirements: run.verdicts.map((verdict) => verdict.requirementId) },
    baseline: {
      file: input.baseline?.source ?? null,
      knownFailures: [...(input.baseline?.knownFailures ?? [])],
      outcome: { newFailures: [...outcome.newFailures], stale: [...outcome.stale], accepted: [...outcome.accepted] },
    },
    run: {
      ticket: input.ticket ?? null,
      startedAt: input.startedAt,
      finishedAt: input.finishedAt,
      bundledAt: now().toISOString(),
      incomplete: run.incomplete,
      completedFlows: [...run.completedFlows],
    },
    signing: input.signingKey ? { algorithm: 'ed25519', publicKey: keyFingerprint(input.signingKey) } : null,
    members: [...members]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((member) => ({ name: member.name, bytes: member.data.length, sha256: sha256Of(member.data) })),
  };
  const manifestBytes = renderManifest(manifest);
  const entries: TarEntry[] = [...members, { name: MEMBERS.manifest, data: manifestBytes }];
  if (input.signingKey) entries.push({ name: MEMBERS.signature, data: renderSignature(signManifest(manifestBytes, input.signingKey)) });

  const archive = packArchive(entries);
  const file = input.file ?? join(dir.root, BUNDLE_FILE_NAME);
  const partial = `${file}.partial`;
  try {
    await writeFile(partial, archive);
    await rename(partial, file);
  } finally {
    await rm(partial, { force: true });
  }
  return {
    file,
    bytes: archive.length,
    digest: sha256Of(archive),
    manifest,
    members: entries.length,
    signed: input.signingKey !== undefined,
    ms: performance.now() - started,
  };
}
