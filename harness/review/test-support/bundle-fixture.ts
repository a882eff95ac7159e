import type { KeyObject } from 'node:crypto';
import { dirname } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Baseline } from '../../baseline/index.ts';
import { packArchive, unpackArchive } from '../../bundle/archive.ts';
import { MEMBERS } from '../../bundle/bundle-layout.ts';
import { sha256Of } from '../../bundle/digests.ts';
import { renderManifest, type BundleManifest } from '../../bundle/manifest.ts';
import { renderSignature, signManifest } from '../../bundle/signing.ts';
import { writeBundle, type BundleRun, type BundleSpecs } from '../../bundle/write-bundle.ts';
import { preflightConfig, readConfigFile, type ResolvedConfig } from '../../config/index.ts';
import { buildSummary, prepareRunDirectory, writeReports } from '../../report/index.ts';
import { REFERENCE_CONFIG_FILE } from '../../run/reference-connector.ts';
import { fail, pass, type Check } from '../../../suites/checks/check.ts';
import type { Evidence } from '../../../suites/checks/evidence.ts';
import { judge } from '../../../suites/checks/judge.ts';
import { loadRequirementSet, type LoadedRequirementSet, type Requirement } from '../../../suites/requirements/index.ts';
import type { WebhookContractOutcome } from '../../run/pact-phase.ts';
import { kitContract } from '../kit-contract.ts';
import { kitSpecDigests } from '../verify-manifest.ts';

/** Everything writeBundle takes besides the folder: what certify has in hand after a run. */
export interface BundleInputs {
  readonly run: BundleRun;
  readonly config: ResolvedConfig;
  readonly requirementSet: LoadedRequirementSet;
  readonly baseline: Baseline | undefined;
  readonly selection: { readonly only: readonly string[]; readonly flows: readonly string[] };
  readonly startedAt: string;
  readonly finishedAt: string;
  /** The webhook contract's results as certify's pact phase records them in summary.json; absent: not verified. */
  readonly contracts?: WebhookContractOutcome;
}

/**
 * The kit's webhook contract verified interaction by interaction, as the pact phase reports it for the reference
 * connector; the descriptions listed in `failing` failed with a Pact-style mismatch.
 */
export function contractOutcome(failing: readonly string[] = []): WebhookContractOutcome {
  const kit = kitContract();
  const interactions = kit.interactions.map((interaction) => {
    const failed = failing.includes(interaction.description);
    return {
      id: interaction.id,
      consumer: kit.consumer,
      provider: kit.provider,
      description: interaction.description,
      providerStates: [],
      status: failed ? ('failed' as const) : ('passed' as const),
      mismatches: failed ? ['Expected status code 400 to be a Successful response (200–299)'] : [],
      explanations: [],
      stateProblems: [],
      notes: [],
      requirementIds: interaction.requirementIds,
      sentence: failed ? `"${interaction.description}" failed: Expected status code 400 to be a Successful response (200–299).` : `"${interaction.description}": the provider answered as the contract says.`,
    };
  });
  return {
    status: failing.length > 0 ? 'failed' : 'verified',
    reason: failing.length > 0 ? `${failing.length} interaction(s) of the webhook contract failed.` : `The candidate verified all ${interactions.length} interactions of the webhook contract.`,
    pact: { file: kit.file, consumer: kit.consumer, provider: kit.provider, specification: '4.0', digest: kit.digest },
    ms: 3300,
    evidenceCut: { traffic: 3, events: 1, steps: 1 },
    interactions,
  };
}

export const referenceConfig = (): ResolvedConfig =>
  preflightConfig(readConfigFile(REFERENCE_CONFIG_FILE), { baseDir: dirname(REFERENCE_CONFIG_FILE), source: REFERENCE_CONFIG_FILE });

/** The spec digests of this kit, without loading the validators (the manifest only compares digests). */
export const kitSpecs = (): BundleSpecs =>
  Object.fromEntries(Object.entries(kitSpecDigests()).map(([api, digest]) => [api, { title: api, version: 'bundled', digest }]));

/**
 * Checks that look only at the evidence's traffic count and the facts: a pass for every requirement unless its id
 * is listed as failing. They make a synthetic run whose decision is known, for the decision logic; real checks on
 * real evidence are in review-real-run.test.ts.
 */
export function stubChecks(set: LoadedRequirementSet, failing: readonly string[] = []): Readonly<Record<string, Check>> {
  return Object.fromEntries(
    set.requirements.map((requirement): [string, Check] => [
      requirement.id,
      (evidence) => {
        const exchanges = evidence.traffic.map((record) => record.id);
        return failing.includes(requirement.id) ? fail(`${requirement.id} failed over ${exchanges.length} exchange(s).`, exchanges) : pass(`${requirement.id} held over ${exchanges.length} exchange(s).`, exchanges);
      },
    ]),
  );
}

function syntheticEvidence(config: ResolvedConfig): Evidence {
  const exchange = (seq: number, status: number) => ({
    seq,
    id: `x-${String(seq).padStart(6, '0')}`,
    from: 'candidate' as const,
    to: 'banking-service' as const,
    api: 'provider-api' as const,
    operationId: 'postBanks',
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 2,
    request: { method: 'POST', url: 'http://127.0.0.1:40123/v1/banks', headers: { authorization: 'Bearer [REDACTED:bearer#abcd1234]' }, body: { name: 'Test bank' }, bodyText: undefined, bodyBytes: 20 },
    response: { status, headers: { 'content-type': 'application/json' }, body: { id: 'b-1' }, bodyText: undefined, bodyBytes: 12 },
    failure: undefined,
    findings: [],
    annotations: {},
  });
  return {
    traffic: [exchange(1, 201), exchange(2, 200), exchange(3, 200)],
    events: [{ seq: 1, at: '2025-01-01T00:00:00.000Z', type: 'provider.registered', clientId: 'provider-1' }] as unknown as Evidence['events'],
    steps: [{ seq: 1, flow: 'bank-sync', step: 'start-candidate', status: 'ok', message: 'done', startedAt: '2025-01-01T00:00:00.000Z', durationMs: 1, afterExchange: 0, lastExchange: 3, afterEvent: 0, lastEvent: 1, data: {} }],
    facts: { capabilities: [...config.capabilities], policies: config.policies, providerClientId: 'provider-1', connectorUrl: 'http://127.0.0.1:40124', tokenLifetimeSeconds: 28_800, authDriver: config.auth.driver },
  };
}

/** A run judged with the given checks over small hand-built evidence: all requirements of the set unless limited. */
export function syntheticInputs(options: { readonly checks: Readonly<Record<string, Check>>; readonly requirements?: readonly Requirement[]; readonly baseline?: Baseline }): BundleInputs {
  const config = referenceConfig();
  const requirementSet = loadRequirementSet();
  const evidence = syntheticEvidence(config);
  const requirements = options.requirements ?? requirementSet.requirements;
  const verdicts = judge(evidence, requirements, { capabilities: config.capabilities, policies: config.policies, checks: options.checks });
  return {
    run: {
      verdicts,
      evidence,
      candidate: { label: 'reference connector (process)', description: '/usr/bin/node reference-connector.mjs', imageId: undefined, readyAfterMs: 120.4, logs: 'listening\n' },
      incomplete: false,
      completedFlows: [...new Set(requirements.map((requirement) => requirement.flow))],
    },
    config,
    requirementSet,
    baseline: options.baseline,
    selection: { only: options.requirements ? ['bank-sync'] : [], flows: [...new Set(requirements.map((requirement) => requirement.flow))] },
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:00:03.000Z',
    // A run of the whole set verifies the webhook contract too (certify without --only).
    ...(options.requirements ? {} : { contracts: contractOutcome() }),
  };
}

/** Writes the run's reports (as certify does, without Allure) into `root`, then its bundle; returns the bundle's bytes. */
export async function writeRunAndBundle(root: string, inputs: BundleInputs, options: { readonly signingKey?: KeyObject; readonly ticket?: string; readonly specs?: BundleSpecs } = {}): Promise<{ file: string; bytes: Buffer }> {
  const dir = await prepareRunDirectory(root);
  const summary = buildSummary({
    run: { ...inputs.run, timings: { startupMs: 1, simulatorStartMs: 1, candidateStartMs: 1, flowsMs: {}, stopMs: 1, judgeMs: 1, totalMs: 3 }, ...(inputs.contracts ? { contracts: inputs.contracts } : {}) },
    requirementSet: inputs.requirementSet,
    candidateKind: inputs.config.candidate.kind,
    capabilities: inputs.config.capabilities,
    policies: inputs.config.policies,
    baseline: inputs.baseline,
    selection: inputs.selection,
    startedAt: inputs.startedAt,
    finishedAt: inputs.finishedAt,
  });
  await writeReports({ dir, summary, candidateLog: inputs.run.candidate.logs, allure: false });
  const written = await writeBundle({
    runDir: dir.root,
    run: inputs.run,
    config: inputs.config,
    requirementSet: inputs.requirementSet,
    baseline: inputs.baseline,
    selection: inputs.selection,
    startedAt: inputs.startedAt,
    finishedAt: inputs.finishedAt,
    specs: options.specs ?? kitSpecs(),
    now: () => new Date('2025-01-01T00:00:05.000Z'),
    ...(options.ticket ? { ticket: options.ticket } : {}),
    ...(options.signingKey ? { signingKey: options.signingKey } : {}),
  });
  return { file: written.file, bytes: await readFile(written.file) };
}

export interface Rewrite {
  /** Recompute every member's digest and size in the manifest after the edit, as a careful forger would. */
  readonly refreshDigests?: boolean;
  /** Sign the (possibly edited) manifest again with this key. */
  readonly signWith?: KeyObject;
}

/** Unpacks a bundle, lets `edit` change its members, and packs it again: how the tamper tests forge bundles. */
export function rewriteBundle(bytes: Buffer, edit: (members: Map<string, Buffer>) => void, rewrite: Rewrite = {}): Buffer {
  const members = new Map(unpackArchive(bytes).map((entry) => [entry.name, entry.data]));
  edit(members);
  if (rewrite.refreshDigests || rewrite.signWith) {
    const manifest = JSON.parse((members.get(MEMBERS.manifest) ?? Buffer.from('{}')).toString('utf8')) as BundleManifest;
    const listed = rewrite.refreshDigests
      ? [...members].filter(([name]) => name !== MEMBERS.manifest && name !== MEMBERS.signature).sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, data]) => ({ name, bytes: data.length, sha256: sha256Of(data) }))
      : manifest.members;
    const bytesOut = renderManifest({ ...manifest, members: listed });
    members.set(MEMBERS.manifest, bytesOut);
    if (rewrite.signWith) members.set(MEMBERS.signature, renderSignature(signManifest(bytesOut, rewrite.signWith)));
  }
  return packArchive([...members].map(([name, data]) => ({ name, data })));
}

/** Parses a JSON member, lets `change` edit it, and writes it back indented as the kit writes it. */
export function editJson<T>(members: Map<string, Buffer>, name: string, change: (value: T) => T | void): void {
  const value = JSON.parse((members.get(name) ?? Buffer.from('null')).toString('utf8')) as T;
  const changed = change(value) ?? value;
  members.set(name, Buffer.from(`${JSON.stringify(changed, null, 2)}\n`, 'utf8'));
}
