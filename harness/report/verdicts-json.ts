import { writeFile } from 'node:fs/promises';
import type { Verdict } from '../../suites/checks/verdict.ts';

/** verdicts.json: the verdicts alone, one per requirement, in requirement-set order (the shape of suites/checks/verdict.ts). */
export async function writeVerdictsJson(file: string, verdicts: readonly Verdict[]): Promise<void> {
  await writeFile(file, `${JSON.stringify(verdicts, null, 2)}\n`);
}
