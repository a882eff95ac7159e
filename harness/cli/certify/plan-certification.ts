import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { KeyObject } from 'node:crypto';
import { BaselineError, readBaseline, type Baseline } from '../../baseline/index.ts';
import { readSigningKey, SigningKeyError } from '../../bundle/index.ts';
import { ConfigError, preflightConfig, readConfigFile, type CertificationConfig, type ResolvedConfig } from '../../config/index.ts';
// docker-engine.ts, not the folder index: that loads testcontainers, seconds before a pre-flight error could print.
import { imageExists, probeDockerEngine } from '../../docker/docker-engine.ts';
import { outputFolderProblem } from '../../report/run-directory.ts';
import { REFERENCE_CONFIG_FILE } from '../../run/reference-connector.ts';
import type { FlowDriver } from '../../../suites/flows/flow-driver.ts';
import { FLOW_DRIVERS } from '../../../suites/flows/index.ts';
import { loadRequirementSet, type Flow, type LoadedRequirementSet, type Requirement } from '../../../suites/requirements/index.ts';
import { UsageError } from '../exit-codes.ts';
import { candidateFlagProblems, overrideCandidate, type CandidateFlags } from './candidate-override.ts';
import { selectOnly } from './only-selection.ts';
import { selectPact } from './pact-selection.ts';
import type { PactPhaseRequest } from '../../run/pact-phase.ts';

export const REFERENCE_MODES = ['container', 'process'] as const;
export type ReferenceMode = (typeof REFERENCE_MODES)[number];

export interface CertifyFlags extends CandidateFlags {
  readonly config?: string;
  readonly only?: readonly string[];
  readonly out?: string;
  readonly referenceMode?: string;
  /** false: skip the Allure results and HTML (seconds) and write only the JSON, Markdown and JUnit reports. */
  readonly allure?: boolean;
  /** false (--no-pact): do not verify the webhook Pact contract after the flows. */
  readonly pact?: boolean;
  /** An Ed25519 private key (PEM) that signs the submission bundle's manifest. */
  readonly signKey?: string;
  /** A run ticket (e.g. the Sage onboarding ticket) recorded in the bundle. */
  readonly ticket?: string;
}

/** Everything a certification needs, checked before anything starts. */
export interface CertifyPlan {
  readonly config: ResolvedConfig;
  /** The config file read, or a note saying there was none. */
  readonly configSource: string;
  /** The folder relative paths in the config are resolved against. */
  readonly configDir: string;
  readonly requirementSet: LoadedRequirementSet;
  readonly requirements: readonly Requirement[];
  readonly drivers: readonly FlowDriver[];
  readonly prerequisites: readonly Flow[];
  readonly only: readonly string[];
  readonly baseline: Baseline | undefined;
  readonly outDir: string;
  readonly referenceMode: ReferenceMode | undefined;
  readonly allure: boolean;
  /** Whether the webhook contract is verified after the flows (pact-selection.ts), or why not. */
  readonly pact: PactPhaseRequest;
  readonly signingKey: KeyObject | undefined;
  readonly ticket: string | undefined;
}

export const DEFAULT_OUT_DIR = 'reports';

interface LoadedConfig {
  /** The config, when it matched the schema. */
  readonly config: CertificationConfig | undefined;
  /** A config the schema refused but that parsed as a mapping: still checked further, so every problem shows at once. */
  readonly unchecked: CertificationConfig | undefined;
  readonly source: string;
  readonly baseDir: string;
}

/** Where the config comes from: --config; else the reference connector's own, unless a flag names another candidate. */
function loadConfig(flags: CertifyFlags, cwd: string, problems: string[]): LoadedConfig {
  const candidateFlag = flags.image !== undefined || flags.command !== undefined || flags.url !== undefined;
  if (flags.config === undefined && candidateFlag) return { config: {}, unchecked: undefined, source: '(no --config)', baseDir: cwd };
  const file = flags.config === undefined ? REFERENCE_CONFIG_FILE : isAbsolute(flags.config) ? flags.config : resolve(cwd, flags.config);
  try {
    return { config: readConfigFile(file), unchecked: undefined, source: file, baseDir: dirname(file) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
    return { config: undefined, unchecked: parsedMapping(file), source: file, baseDir: dirname(file) };
  }
}

function parsedMapping(file: string): CertificationConfig | undefined {
  try {
    const value: unknown = parseYaml(readFileSync(file, 'utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as CertificationConfig) : undefined;
  } catch {
    return undefined;
  }
}

/** preflightConfig's problems with a config the schema refused; what it trips over there is a schema problem already reported. */
function preflightProblemsOf(config: CertificationConfig, baseDir: string, source: string): string[] {
  try {
    preflightConfig(config, { baseDir, source });
    return [];
  } catch (error) {
    return error instanceof ConfigError ? [...error.problems] : [];
  }
}

/** Nothing is pulled (design §4): an image the local engine does not hold would only fail once the run started. */
async function missingImageProblem(image: string, field: string): Promise<string | undefined> {
  const present = await imageExists(image, 5_000).catch(() => true);
  return present ? undefined : `${field.startsWith('--') ? 'certify: ' : ''}${field}: no image ${JSON.stringify(image)} in the local Docker engine (the kit pulls nothing): build or load it first (docker build / docker load)`;
}

/**
 * Pre-flight: reads and checks the config (with the candidate flags applied), the baseline, --only, --out and
 * --reference-mode, and throws one UsageError listing every problem, one line each, before anything starts.
 * A broken requirement set is the kit's problem, not the user's: it throws as is.
 */
export async function planCertification(flags: CertifyFlags, cwd: string = process.cwd()): Promise<CertifyPlan> {
  const problems: string[] = [];
  problems.push(...candidateFlagProblems(flags));
  const loaded = loadConfig(flags, cwd, problems);
  const raw = loaded.config === undefined ? undefined : overrideCandidate(loaded.config, flags);
  let config: ResolvedConfig | undefined;
  if (raw !== undefined) {
    try {
      config = preflightConfig(raw, { baseDir: loaded.baseDir, source: loaded.source });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  } else if (loaded.unchecked !== undefined) {
    problems.push(...preflightProblemsOf(overrideCandidate(loaded.unchecked, flags), loaded.baseDir, loaded.source).filter((line) => !problems.includes(line)));
  }

  const requirementSet = loadRequirementSet();
  const baselineName = (raw ?? loaded.unchecked)?.baseline;
  const baselineFile = typeof baselineName !== 'string' ? undefined : isAbsolute(baselineName) ? baselineName : resolve(loaded.baseDir, baselineName);
  let baseline: Baseline | undefined;
  // A missing file is already one of preflightConfig's problems.
  if (baselineFile !== undefined && existsSync(baselineFile)) {
    try {
      baseline = readBaseline(baselineFile, new Set(requirementSet.requirements.map((requirement) => requirement.id)));
    } catch (error) {
      if (!(error instanceof BaselineError)) throw error;
      problems.push(...error.problems);
    }
  }

  const only = flags.only ?? [];
  const pact = selectPact(only, flags.pact ?? true);
  problems.push(...pact.problems);
  // --only pact alone: bank sync is driven (every provider state needs the candidate's bank), no requirement judged.
  const selection = pact.contractOnly
    ? { drivers: FLOW_DRIVERS.filter((driver) => driver.id === 'bank-sync'), requirements: [], prerequisites: ['bank-sync' as const], problems: [] }
    : selectOnly(pact.only, requirementSet.requirements, FLOW_DRIVERS, requirementSet.version);
  problems.push(...selection.problems);

  const outDir = resolve(cwd, flags.out ?? DEFAULT_OUT_DIR);
  const outProblem = outputFolderProblem(outDir);
  if (outProblem) problems.push(`certify: --out: ${outProblem}`);

  let referenceMode: ReferenceMode | undefined;
  if (flags.referenceMode !== undefined) {
    if (!(REFERENCE_MODES as readonly string[]).includes(flags.referenceMode)) {
      problems.push(`certify: --reference-mode must be one of ${REFERENCE_MODES.join(', ')}, got ${JSON.stringify(flags.referenceMode)}`);
    } else if (config !== undefined && config.candidate.kind !== 'reference') {
      problems.push(`certify: --reference-mode only applies to the bundled reference connector, not to a ${config.candidate.kind} candidate`);
    } else {
      referenceMode = flags.referenceMode as ReferenceMode;
    }
  }

  const needsDocker = config !== undefined && (config.candidate.kind === 'image' || config.candidate.kind === 'dockerfile' || referenceMode === 'container');
  if (needsDocker) {
    const engine = await probeDockerEngine(2_000);
    if (!engine.available) problems.push(`certify: a container candidate needs a Docker engine, and none answers: ${engine.reason}`);
    else if (config?.candidate.kind === 'image') {
      const problem = await missingImageProblem(config.candidate.image, flags.image !== undefined ? '--image' : `${loaded.source}: candidate.image`);
      if (problem) problems.push(problem);
    }
  }

  let signingKey: KeyObject | undefined;
  if (flags.signKey !== undefined) {
    try {
      signingKey = readSigningKey(resolve(cwd, flags.signKey));
    } catch (error) {
      if (!(error instanceof SigningKeyError)) throw error;
      problems.push(`certify: ${error.message}`);
    }
  }

  if (problems.length > 0 || config === undefined) throw new UsageError(problems.join('\n'));
  return {
    config,
    configSource: loaded.source,
    configDir: loaded.baseDir,
    requirementSet,
    requirements: selection.requirements,
    drivers: selection.drivers,
    prerequisites: selection.prerequisites,
    only,
    baseline,
    outDir,
    referenceMode,
    allure: flags.allure ?? true,
    pact: pact.request,
    signingKey,
    ticket: flags.ticket,
  };
}
