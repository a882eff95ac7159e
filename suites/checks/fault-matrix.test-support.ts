import { certifyReference } from '../../harness/run/certify-reference.ts';
import type { Flow } from '../requirements/index.ts';

/**
 * TEST SUPPORT for the SYNC, ONB, MAL and OFF check tests: certifies the reference connector once per fault switch
 * (a few runs at a time) and reports which of those requirements no longer pass, with how each ended.
 */
export type Changed = Readonly<Record<string, string>>;

const MINE = /^(SYNC|ONB|MAL|OFF)-/;
const SHOULD = new Set(['SYNC-04', 'ONB-11', 'ONB-13', 'ONB-14', 'OFF-01', 'OFF-03']);

/** `warn: …` for a SHOULD, `fail: …` for a MUST: what a broken requirement must read as. */
export const brokenStatus = (id: string): RegExp => (SHOULD.has(id) ? /^warn: / : /^fail: /);

export async function changedBy(fault: string, flows: readonly Flow[]): Promise<Changed> {
  const run = await certifyReference({ flows, faults: [fault] });
  return Object.fromEntries(
    run.verdicts.filter((verdict) => MINE.test(verdict.requirementId) && verdict.status !== 'pass').map((verdict) => [verdict.requirementId, `${verdict.status}: ${verdict.sentence}`]),
  );
}

/** Runs every fault with its flows, `concurrency` at a time: the runs mostly wait on the candidate, not the CPU. */
export async function runMatrix(flowsByFault: Readonly<Record<string, readonly Flow[]>>, concurrency = 3): Promise<Map<string, Changed>> {
  const faults = Object.keys(flowsByFault);
  const results = new Map<string, Changed>();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < faults.length) {
      const fault = faults[next++] as string;
      results.set(fault, await changedBy(fault, flowsByFault[fault] ?? []));
    }
  }));
  return results;
}
