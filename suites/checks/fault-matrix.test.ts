import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_NAMES } from '../../examples/reference-connector/src/faults.ts';
import { loadRequirementSet } from '../requirements/index.ts';
import { CLEAN_RUNS, FAULT_MATRIX, TARGETED_BY_NO_FAULT, type FaultExpectation } from './fault-matrix.ts';
import { brokenIds, detectedStatus, explain, renderMatrix, runMatrix, scores, type MatrixResult } from './fault-matrix.test-support.ts';

/**
 * The detection matrix: the proof "the other way round" for every check. Each fault switch of the reference
 * connector is certified with every flow (the connector as a process, each certification in a Node process of its
 * own, as `bsck certify` runs) and must break exactly the requirements its row lists, its racy ones allowed either way
 * (recall and precision 100%); the clean runs pass everything. The matrix is printed for the CI log.
 * MATRIX_CONCURRENCY overrides how many runs go at once.
 */
const CONCURRENCY = Number(process.env['MATRIX_CONCURRENCY'] ?? 5);
const REQUIREMENT_IDS = loadRequirementSet().requirements.map((requirement) => requirement.id);
const FAULTS = Object.entries(FAULT_MATRIX) as [string, FaultExpectation][];
const expectedOf = (expectation: FaultExpectation): Set<string> => new Set([...expectation.targets, ...(expectation.cascade?.ids ?? [])]);
/** What a run broke, but for its row's racy requirements, which it may break or not. */
const brokenButRacy = (run: MatrixResult['run'], expectation: FaultExpectation): string[] => brokenIds(run).filter((id) => !(expectation.racy?.ids ?? []).includes(id));

describe('detection matrix: every fault switch breaks exactly its requirements, with all flows', () => {
  let results = new Map<string, MatrixResult>();
  let wallMs = 0;

  beforeAll(async () => {
    const started = performance.now();
    results = await runMatrix({
      ...Object.fromEntries(FAULTS.map(([fault, { simulator, slow }]) => [fault, { faults: [fault], ...(simulator ? { simulator } : {}), ...(slow ? { slow } : {}) }])),
      ...CLEAN_RUNS,
    }, CONCURRENCY);
    wallMs = performance.now() - started;
  }, 900_000);

  afterAll(() => {
    if (results.size === 0) return;
    const rows = [...Object.entries(CLEAN_RUNS).map(([name, { broken }]) => [name, { targets: [], ...(broken ? { cascade: broken } : {}) } as FaultExpectation] as const), ...FAULTS].flatMap(([name, expectation]) => {
      const result = results.get(name);
      if (!result) return [];
      const observed = new Set(brokenButRacy(result.run, expectation as FaultExpectation));
      const targets = REQUIREMENT_IDS.filter((id) => observed.has(id) && expectation.targets.includes(id));
      const cascade = REQUIREMENT_IDS.filter((id) => observed.has(id) && !expectation.targets.includes(id));
      return [{ name, wallMs: result.wallMs, targets, cascade, ...scores(expectedOf(expectation as FaultExpectation), observed) }];
    });
    console.log(`${renderMatrix(rows, REQUIREMENT_IDS)}\nwall time ${(wallMs / 1000).toFixed(1)} s, ${CONCURRENCY} runs at a time`);
  });

  it('has a row for every fault switch of the reference connector, and no row for a switch that does not exist', () => {
    expect(Object.keys(FAULT_MATRIX).sort()).toEqual([...FAULT_NAMES].sort());
  });

  it('names only requirements of the set, never one twice in a row', () => {
    for (const [fault, { targets, cascade, racy, says = {} }] of FAULTS) {
      const ids = [...targets, ...(cascade?.ids ?? []), ...(racy?.ids ?? [])];
      expect(ids.filter((id) => !REQUIREMENT_IDS.includes(id)), fault).toEqual([]);
      expect(new Set(ids).size, fault).toBe(ids.length);
      expect(Object.keys(says).filter((id) => !ids.includes(id)), fault).toEqual([]);
    }
  });

  it('breaks every requirement with at least one fault, and targets each but the listed exceptions', () => {
    expect(REQUIREMENT_IDS.filter((id) => !FAULTS.some(([, expectation]) => expectedOf(expectation).has(id)))).toEqual([]);
    const targeted = new Set(FAULTS.flatMap(([, { targets }]) => targets));
    expect(REQUIREMENT_IDS.filter((id) => !targeted.has(id)).sort()).toEqual(Object.keys(TARGETED_BY_NO_FAULT).sort());
  });

  it.each(Object.entries(CLEAN_RUNS))('%s: every requirement passes but the expected not-applicable ones', (name, { notApplicable, broken }) => {
    const run = results.get(name)?.run;
    if (!run) throw new Error(`no run for ${name}`);
    const notPassing = run.verdicts.filter((verdict) => verdict.status !== 'pass');
    const expected = [...Object.keys(notApplicable).map((id) => [id, 'not-applicable']), ...(broken?.ids ?? []).map((id) => [id, 'fail'])];
    expect(Object.fromEntries(notPassing.map((verdict) => [verdict.requirementId, verdict.status])), explain(run)).toEqual(Object.fromEntries(expected));
    for (const [id, sentence] of Object.entries(notApplicable)) expect(notPassing.find((verdict) => verdict.requirementId === id)?.sentence, id).toMatch(sentence);
  });

  it.each(FAULTS)('%s', (fault, expectation) => {
    const run = results.get(fault)?.run;
    if (!run) throw new Error(`no run for ${fault}`);
    // Recall and precision at once: the broken set is exactly the expected one (give or take the racy ones).
    expect(brokenButRacy(run, expectation).sort(), explain(run)).toEqual([...expectedOf(expectation)].sort());
    // Nothing undecided: no kit error, nothing not applicable but RES-03 under the config's 480-minute tokens.
    const undecided = run.verdicts.filter((verdict) => verdict.status === 'error' || (verdict.status === 'not-applicable' && !(verdict.requirementId === 'RES-03' && !expectation.simulator)));
    expect(undecided.map((verdict) => `${verdict.requirementId} ${verdict.status}: ${verdict.sentence}`)).toEqual([]);
    for (const verdict of run.verdicts.filter((candidate) => expectedOf(expectation).has(candidate.requirementId))) {
      expect(verdict.status, `${verdict.requirementId}: ${verdict.sentence}`).toBe(detectedStatus(verdict));
    }
    for (const verdict of run.verdicts.filter((candidate) => expectation.racy?.ids.includes(candidate.requirementId))) {
      expect(['pass', detectedStatus(verdict)], `${verdict.requirementId}: ${verdict.sentence}`).toContain(verdict.status);
    }
    for (const [id, sentence] of Object.entries(expectation.says ?? {})) {
      expect(run.verdicts.find((verdict) => verdict.requirementId === id)?.sentence, id).toMatch(sentence);
    }
  });
});
