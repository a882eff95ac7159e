import { rm } from 'node:fs/promises';
import { scanForSecrets, type KnownSecret, type SecretHit } from '../secrets/index.ts';
import { writeBundle, type WriteBundleInput, type WrittenBundle } from './write-bundle.ts';

export interface WriteSubmissionInput extends WriteBundleInput {
  /** The run's secret values (RunSecrets.list()), for the final scan. */
  readonly secrets: readonly KnownSecret[];
}

export interface WrittenSubmission {
  /** The bundle, unless it could not be written or held a secret (then it is removed). */
  readonly bundle: WrittenBundle | undefined;
  /** Why the bundle could not be written (one line); the scan still ran over the reports. */
  readonly bundleFailure: string | undefined;
  /** Every place a secret of the run was found below the output folder, the bundle's members included. */
  readonly secretHits: readonly SecretHit[];
  /** True when the bundle was written but removed again because a secret was found in the output. */
  readonly bundleRemoved: boolean;
  readonly scanMs: number;
}

/**
 * What certify does last, after every report is written: write the submission bundle into the output folder, then
 * scan every byte below it (the bundle decompressed, member by member) for the run's secrets. A bundle is what
 * travels to Sage, so one written from an output that leaked a secret is removed rather than left to be submitted.
 */
export async function writeSubmission(input: WriteSubmissionInput): Promise<WrittenSubmission> {
  let bundle: WrittenBundle | undefined;
  let bundleFailure: string | undefined;
  try {
    bundle = await writeBundle(input);
  } catch (error) {
    bundleFailure = ((error as Error).message ?? String(error)).split('\n')[0];
  }
  const scanStarted = performance.now();
  const secretHits = await scanForSecrets(input.runDir, input.secrets);
  const scanMs = performance.now() - scanStarted;
  let bundleRemoved = false;
  if (bundle && secretHits.length > 0) {
    await rm(bundle.file, { force: true });
    bundleRemoved = true;
  }
  return { bundle: bundleRemoved ? undefined : bundle, bundleFailure, secretHits, bundleRemoved, scanMs };
}
