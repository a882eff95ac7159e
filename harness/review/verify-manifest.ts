import { readFileSync } from 'node:fs';
import { configDigest } from '../bundle/bundle-config.ts';
import { sha256Of } from '../bundle/digests.ts';
import type { BundleManifest } from '../bundle/manifest.ts';
import { policyOverridesOf, PolicyError, resolvePolicies, type Policies } from '../policies/index.ts';
import { KIT } from '../report/kit-version.ts';
import { API_NAMES, bundledSpecPath } from '../../specs/loader/api-names.ts';
import { isCapability, listKnownRequirementSets, loadRequirementSet, type Capability, type LoadedRequirementSet, type RequirementSetOptions } from '../../suites/requirements/index.ts';
import type { BundleContents } from './bundle-contents.ts';
import { differingPaths, shown, valueAt, type FindingArea, type Findings } from './review-finding.ts';

export interface ReviewBasis {
  /** This kit's copy of the set the bundle names, when it knows that version. */
  readonly requirementSet: LoadedRequirementSet | undefined;
  readonly capabilities: ReadonlySet<Capability>;
  /** The policies to re-judge with, when the manifest's are valid for this kit. */
  readonly policies: Policies | undefined;
  /** The bundle was written by another release of the kit: differences may come from the kit, not the bundle. */
  readonly otherKit: boolean;
}

export interface VerifyManifestOptions {
  /** Where this kit's requirement sets live (tests); default the bundled folder. */
  readonly requirementSets?: RequirementSetOptions;
  /** This kit's spec digests by API name; default SHA-256 of the bundled spec files (what ApiValidator.digest is). */
  readonly specDigests?: Readonly<Record<string, string>>;
}

/** SHA-256 of each bundled OpenAPI document, by API name: equal to the loaded validators' digest, without loading them. */
export function kitSpecDigests(): Record<string, string> {
  return Object.fromEntries(API_NAMES.map((api) => [api, sha256Of(readFileSync(bundledSpecPath(api)))]));
}

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((entry) => typeof entry === 'string');

/** Reports where two values that must agree differ, naming both sources and the first differing fields. */
export function mustAgree(findings: Findings, area: FindingArea, what: string, left: { name: string; value: unknown }, right: { name: string; value: unknown }): boolean {
  const paths = differingPaths(left.value, right.value, 4);
  if (paths.length === 0) return true;
  let detail: string[];
  if (isStringList(left.value) && isStringList(right.value)) {
    // Lists of names (capabilities, flows): which names one side has and the other lacks, not index by index.
    const onlyLeft = left.value.filter((entry) => !(right.value as string[]).includes(entry));
    const onlyRight = right.value.filter((entry) => !(left.value as string[]).includes(entry));
    detail = [
      ...(onlyLeft.length > 0 ? [`only ${left.name} has ${onlyLeft.map((entry) => shown(entry)).join(', ')}`] : []),
      ...(onlyRight.length > 0 ? [`only ${right.name} has ${onlyRight.map((entry) => shown(entry)).join(', ')}`] : []),
    ];
    if (detail.length === 0) detail = ['the same entries in another order'];
  } else {
    detail = paths.map((path) => `${path === '/' ? '' : `${path}: `}${left.name} ${shown(valueAt(left.value, path), 60)}, ${right.name} ${shown(valueAt(right.value, path), 60)}`);
  }
  findings.tampered(area, `${left.name} and ${right.name} disagree on ${what} — ${detail.join('; ')}`);
  return false;
}

const sorted = (values: readonly string[]): string[] => [...values].sort();

function verifyRequirementSet(manifest: BundleManifest, findings: Findings, options: VerifyManifestOptions): LoadedRequirementSet | undefined {
  const { version, digest } = manifest.requirementSet;
  const known = listKnownRequirementSets(options.requirementSets);
  if (!known.includes(version)) {
    findings.incomplete('requirement set', `requirement set ${shown(version)} is not one this kit knows (known: ${known.join(', ')}): its verdicts cannot be re-computed here; review it with the kit release that ships it`);
    return undefined;
  }
  const set = loadRequirementSet(version, options.requirementSets);
  if (set.digest !== digest) {
    findings.tampered('requirement set', `the manifest gives requirement set ${version} the digest ${digest.slice(0, 19)}…, but this kit's set ${version} is ${set.digest.slice(0, 19)}…: the run did not use the frozen set`);
  } else {
    findings.ok('requirement set', `requirement set ${version} is one this kit knows, with the same digest (${digest.slice(0, 19)}…)`);
  }
  return set;
}

function verifySpecs(manifest: BundleManifest, otherKit: boolean, findings: Findings, options: VerifyManifestOptions): void {
  const kit = options.specDigests ?? kitSpecDigests();
  const problems: string[] = [];
  for (const [api, digest] of Object.entries(kit)) {
    const recorded = manifest.specs[api];
    if (recorded === undefined) problems.push(`${api} is not recorded`);
    else if (recorded.digest !== digest) problems.push(`${api} was ${recorded.digest.slice(0, 19)}…, this kit's is ${digest.slice(0, 19)}…`);
  }
  for (const api of Object.keys(manifest.specs)) if (!(api in kit)) problems.push(`${api} is not an API this kit knows`);
  if (problems.length === 0) {
    findings.ok('specs', `the ${Object.keys(kit).length} OpenAPI documents the traffic was validated against are this kit's (same digests)`);
  } else if (otherKit) {
    findings.warning('specs', `the spec digests differ from this kit's (expected across kit releases): ${problems.join('; ')}`);
  } else {
    findings.tampered('specs', `the traffic was not validated against this kit's specs: ${problems.join('; ')}`);
  }
}

function verifyPolicies(manifest: BundleManifest, findings: Findings): Policies | undefined {
  const { inForce, overrides } = manifest.policies;
  let policies: Policies;
  try {
    policies = resolvePolicies(inForce);
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    findings.tampered('manifest', `the policies in force are not valid for this kit: ${error.message.split('\n').join('; ')}`);
    return undefined;
  }
  const complete = mustAgree(findings, 'manifest', 'the policies', { name: 'the manifest', value: inForce }, { name: 'this kit\'s resolution of them', value: policies });
  mustAgree(findings, 'manifest', 'the policy overrides', { name: 'policies.overrides', value: overrides }, { name: 'the policies in force', value: policyOverridesOf(policies) });
  return complete ? policies : undefined;
}

function verifyCapabilities(manifest: BundleManifest, findings: Findings): Set<Capability> {
  const capabilities = new Set<Capability>();
  for (const capability of manifest.capabilities) {
    if (isCapability(capability)) capabilities.add(capability);
    else findings.tampered('manifest', `capability ${shown(capability)} is not one this kit knows`);
  }
  return capabilities;
}

function verifyJudgedList(listed: readonly string[], judged: readonly string[], findings: Findings): void {
  const missing = listed.filter((id) => !judged.includes(id));
  const extra = judged.filter((id) => !listed.includes(id));
  const duplicated = judged.filter((id, index) => judged.indexOf(id) !== index);
  if (missing.length > 0) findings.tampered('manifest', `the manifest says ${missing.join(', ')} ${missing.length === 1 ? 'was' : 'were'} judged, but verdicts.json has no verdict for ${missing.length === 1 ? 'it' : 'them'}`);
  if (extra.length > 0) findings.tampered('manifest', `verdicts.json has verdicts for ${extra.join(', ')}, which the manifest does not list as judged`);
  if (duplicated.length > 0) findings.tampered('manifest', `verdicts.json has more than one verdict for ${[...new Set(duplicated)].join(', ')}`);
  if (missing.length === 0 && extra.length === 0 && duplicated.length === 0 && listed.join() !== judged.join()) {
    findings.tampered('manifest', 'verdicts.json lists the judged requirements in another order than the manifest');
  }
}

/**
 * The manifest against this kit (release, requirement set, specs, policies, capabilities) and against itself and
 * the members that restate it (the config value and its digest, facts.json, the judged requirement list).
 */
export function verifyManifest(manifest: BundleManifest, contents: BundleContents, findings: Findings, options: VerifyManifestOptions = {}): ReviewBasis {
  const otherKit = manifest.kit.name !== KIT.name || manifest.kit.version !== KIT.version;
  if (otherKit) {
    findings.warning('kit', `the bundle was written by ${manifest.kit.name} ${manifest.kit.version}; this is ${KIT.name} ${KIT.version}: re-computed verdicts use this kit's checks`);
  } else {
    findings.ok('kit', `written by this kit release (${KIT.name} ${KIT.version})`);
  }
  const requirementSet = verifyRequirementSet(manifest, findings, options);
  verifySpecs(manifest, otherKit, findings, options);

  const config = manifest.config.value as { capabilities?: unknown; policies?: unknown } | null;
  const digest = configDigest(manifest.config.value);
  const digestMatches = digest === manifest.config.digest;
  if (!digestMatches) {
    findings.tampered('config', `the config's digest ${manifest.config.digest.slice(0, 19)}… is not the SHA-256 of the config it records (${digest.slice(0, 19)}…): one of them changed`);
  }
  const capabilitiesAgree = mustAgree(findings, 'config', 'the capabilities', { name: 'the manifest', value: manifest.capabilities }, { name: 'the recorded config', value: config?.capabilities });
  const policiesAgree = mustAgree(findings, 'config', 'the policies', { name: 'the manifest', value: manifest.policies.inForce }, { name: 'the recorded config', value: config?.policies });
  if (digestMatches && capabilitiesAgree && policiesAgree) findings.ok('config', `the recorded config (secrets removed) matches its digest ${digest.slice(0, 19)}…`);

  const capabilities = verifyCapabilities(manifest, findings);
  const policies = verifyPolicies(manifest, findings);

  const facts = contents.evidence?.facts;
  if (facts) {
    mustAgree(findings, 'evidence', 'the capabilities', { name: 'the manifest', value: sorted(manifest.capabilities) }, { name: 'facts.json', value: sorted(facts.capabilities) });
    mustAgree(findings, 'evidence', 'the policies', { name: 'the manifest', value: manifest.policies.inForce }, { name: 'facts.json', value: facts.policies });
    // The redirect driver makes some requirements not applicable: facts.json must not claim a driver the run did not use.
    mustAgree(findings, 'evidence', 'the auth driver', { name: 'the recorded config', value: (config as { auth?: { driver?: unknown } } | null)?.auth?.driver }, { name: 'facts.json', value: facts.authDriver });
  }
  if (contents.verdicts) verifyJudgedList(manifest.selection.requirements, contents.verdicts.map((verdict) => verdict.requirementId), findings);
  return { requirementSet, capabilities, policies, otherKit };
}

