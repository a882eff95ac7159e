import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { preflightConfig, readConfigFile } from '../config/index.ts';
import type { FlowDriver } from '../../suites/flows/flow-driver.ts';
import { FLOW_DRIVERS } from '../../suites/flows/index.ts';
import { loadRequirementSet, type Flow } from '../../suites/requirements/index.ts';
import { REFERENCE_CONFIG_FILE } from './reference-connector.ts';
import { runCertification, type CertificationRun, type CertificationRunOptions } from './run-certification.ts';

export interface ReferenceCertificationOptions {
  /** Flows to drive (all by default); requirements are limited to these flows. */
  readonly flows?: readonly Flow[];
  /** Fault switches of the reference connector (examples/reference-connector/src/faults.ts). */
  readonly faults?: readonly string[];
  readonly referenceMode?: 'container' | 'process';
  readonly flowDrivers?: readonly FlowDriver[];
  readonly simulator?: CertificationRunOptions['simulator'];
  readonly onProgress?: (line: string) => void;
  /** Verify the webhook Pact contract after the flows (loads Pact: only from the contracts vitest projects). */
  readonly pact?: boolean;
  /** Aborting interrupts the run, as Ctrl-C does for `certify`. */
  readonly signal?: AbortSignal;
}

/**
 * Certifies the bundled reference connector with its own config, optionally with fault switches on: what the
 * kit's own tests use to prove each check both ways. Evidence files go to a temporary folder removed afterwards.
 */
export async function certifyReference(options: ReferenceCertificationOptions = {}): Promise<CertificationRun> {
  const config = preflightConfig(readConfigFile(REFERENCE_CONFIG_FILE), { baseDir: dirname(REFERENCE_CONFIG_FILE), source: REFERENCE_CONFIG_FILE });
  const flows = new Set<Flow>(options.flows ?? []);
  const drivers = (options.flowDrivers ?? FLOW_DRIVERS).filter((driver) => flows.size === 0 || flows.has(driver.id));
  const requirements = loadRequirementSet().requirements.filter((requirement) => flows.size === 0 || flows.has(requirement.flow));
  const outDir = await mkdtemp(join(tmpdir(), 'bsck-reference-run-'));
  try {
    return await runCertification({
      config,
      outDir,
      requirements,
      flows: drivers,
      referenceMode: options.referenceMode ?? 'process',
      configDir: dirname(REFERENCE_CONFIG_FILE),
      extraEnvironment: options.faults && options.faults.length > 0 ? { FAULTS: options.faults.join(',') } : {},
      simulator: options.simulator,
      onProgress: options.onProgress,
      ...(options.pact ? { pact: { run: true } as const } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
