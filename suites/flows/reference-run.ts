import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Policies } from '../../harness/policies/index.ts';
import { preflightConfig, readConfigFile } from '../../harness/config/index.ts';
import { REFERENCE_CONFIG_FILE } from '../../harness/run/reference-connector.ts';
import { runCertification, type CertificationRun } from '../../harness/run/run-certification.ts';
import type { Verdict } from '../checks/verdict.ts';
import { loadRequirementSet, type Flow } from '../requirements/index.ts';
import type { FlowDriver } from './flow-driver.ts';

/** For the kit's own tests that certify the reference connector (as a process) under other policy values. */

/** A reference certification under other policy values than its config's (certifyReference takes none). */
export function referenceRunWithPolicies(policies: Partial<Policies>, options: { readonly flows: readonly Flow[]; readonly flowDrivers: readonly FlowDriver[] }) {
  return async (): Promise<CertificationRun> => {
    const config = preflightConfig(readConfigFile(REFERENCE_CONFIG_FILE), { baseDir: dirname(REFERENCE_CONFIG_FILE), source: REFERENCE_CONFIG_FILE });
    const outDir = await mkdtemp(join(tmpdir(), 'bsck-reference-policies-'));
    try {
      return await runCertification({
        config: { ...config, policies: { ...config.policies, ...policies } },
        outDir,
        requirements: loadRequirementSet().requirements.filter((requirement) => options.flows.includes(requirement.flow)),
        flows: options.flowDrivers,
        referenceMode: 'process',
      });
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  };
}

/** The verdict of one requirement, or a loud error naming what the run did judge. */
export function verdictOf(run: CertificationRun, requirementId: string): Verdict {
  const verdict = run.verdicts.find((candidate) => candidate.requirementId === requirementId);
  if (!verdict) throw new Error(`the run judged no ${requirementId} (it judged ${run.verdicts.map((candidate) => candidate.requirementId).join(', ')})`);
  return verdict;
}

/** `{ 'SEC-01': 'pass', … }` for the given ids: one readable object to assert with toEqual. */
export function statusesOf(run: CertificationRun, requirementIds: readonly string[]): Record<string, string> {
  return Object.fromEntries(requirementIds.map((id) => [id, verdictOf(run, id).status]));
}
