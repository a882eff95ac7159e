import { writeFile } from 'node:fs/promises';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import schema from '../../docs/summary.schema.json' with { type: 'json' };
import type { CertificationSummary } from './certification-summary.ts';

/** Where the published schema of summary.json lives, relative to the kit's root. */
export const SUMMARY_SCHEMA_PATH = 'docs/summary.schema.json';

let validate: ValidateFunction | undefined;

/** Problems of a value as a summary.json, one line each (`/counts/fail: must be integer`); empty when valid. */
export function summaryProblems(value: unknown): string[] {
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats.default(ajv);
    validate = ajv.compile(schema);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '(top level)'}: ${error.message ?? error.keyword}`);
}

/**
 * Writes summary.json. A summary the published schema refuses is the kit's bug, and a CI job parsing it would
 * trip over it later and less clearly: refuse it here.
 */
export async function writeSummaryJson(file: string, summary: CertificationSummary): Promise<void> {
  const problems = summaryProblems(summary);
  if (problems.length > 0) throw new Error(`summary.json does not match ${SUMMARY_SCHEMA_PATH}: ${problems.join('; ')}`);
  await writeFile(file, `${JSON.stringify(summary, null, 2)}\n`);
}
