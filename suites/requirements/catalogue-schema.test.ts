import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRequirementSet, RequirementSetError } from './catalogue-schema.ts';

type RawRequirement = Record<string, unknown>;
interface RawSet {
  version: unknown;
  requirements: RawRequirement[];
  notCovered: Record<string, unknown>[];
  [key: string]: unknown;
}

const setText = readFileSync(new URL('./sets/1.0.json', import.meta.url), 'utf8');
/** A fresh, mutable copy of the real set: each broken variant changes one thing in an otherwise valid set. */
const realSet = (): RawSet => JSON.parse(setText) as RawSet;
const requirementOf = (set: RawSet, id: string): RawRequirement => {
  const found = set.requirements.find((requirement) => requirement['id'] === id);
  if (found === undefined) throw new Error(`test set has no ${id}`);
  return found;
};

function problemsOf(raw: unknown): readonly string[] {
  try {
    parseRequirementSet(raw, 'test.json');
  } catch (error) {
    expect(error).toBeInstanceOf(RequirementSetError);
    return (error as RequirementSetError).problems;
  }
  throw new Error('the broken set was accepted');
}

/** Breaks one thing and expects exactly one problem line, naming the file, the requirement and the field. */
function expectSingleProblem(mutate: (set: RawSet) => void, expected: RegExp): void {
  const set = realSet();
  mutate(set);
  const problems = problemsOf(set);
  expect(problems, problems.join('\n')).toHaveLength(1);
  expect(problems[0]).toMatch(/^test\.json: /);
  expect(problems[0]).toMatch(expected);
}

describe('parseRequirementSet', () => {
  it('accepts the real set and keeps every field typed', () => {
    const set = parseRequirementSet(realSet(), 'test.json');
    expect(set.version).toBe('1.0');
    const onb = set.requirements.find((requirement) => requirement.id === 'ONB-01');
    expect(onb?.flow).toBe('onboarding');
    expect(onb?.anchors).toContain('T-ONB-1');
    expect(onb).not.toHaveProperty('capability');
    expect(set.requirements.find((requirement) => requirement.id === 'MAL-02')?.capability).toBe('multi-account-linking');
  });

  it('refuses an unknown top-level key', () => {
    expectSingleProblem((set) => (set['extra'] = true), /set\.extra: unknown key/);
  });

  it('refuses an unknown key in a requirement', () => {
    expectSingleProblem((set) => (requirementOf(set, 'STMT-04')['check'] = 'x'), /requirements\[\d+\] \(STMT-04\)\.check: unknown key/);
  });

  it('refuses an unknown key in a notCovered entry', () => {
    expectSingleProblem((set) => ((set.notCovered[0] as Record<string, unknown>)['owner'] = 'x'), /notCovered\[0\] \(R10\)\.owner: unknown key/);
  });

  it('refuses a missing key', () => {
    expectSingleProblem((set) => delete requirementOf(set, 'ONB-03')['hint'], /requirements\[\d+\] \(ONB-03\)\.hint: missing/);
  });

  it.each(['id', 'level', 'flow', 'title', 'statement', 'evidence', 'anchors', 'origin', 'policies', 'observable', 'hint'])(
    'reports a missing %s once, naming the requirement',
    (key) => {
      const label = key === 'id' ? 'no id' : 'STMT-11';
      expectSingleProblem((set) => delete requirementOf(set, 'STMT-11')[key], new RegExp(`\\(${label}\\)\\.${key}: missing`));
    },
  );

  it('refuses a wrong type', () => {
    expectSingleProblem((set) => (requirementOf(set, 'SEC-04')['evidence'] = 'SEC'), /\(SEC-04\)\.evidence: must be an array of strings, got "SEC"/);
    expectSingleProblem((set) => (requirementOf(set, 'SEC-04')['title'] = 7), /\(SEC-04\)\.title: must be a string, got number/);
    expectSingleProblem((set) => (requirementOf(set, 'SEC-04')['capability'] = null), /\(SEC-04\)\.capability: must be a string, got null/);
  });

  it('refuses a duplicate id, naming both places', () => {
    expectSingleProblem((set) => (requirementOf(set, 'ONB-05')['id'] = 'ONB-04'), /\(ONB-04\)\.id: duplicate id, first used by requirements\[\d+\]/);
  });

  it('refuses an id whose prefix does not match its flow, or that is malformed', () => {
    expectSingleProblem((set) => (requirementOf(set, 'OFF-02')['flow'] = 'posting'), /\(OFF-02\)\.id: prefix "OFF" belongs to flow "offboarding", not "posting"/);
    expectSingleProblem((set) => (requirementOf(set, 'OFF-02')['id'] = 'OFF-2'), /\(OFF-2\)\.id: "OFF-2" must look like ONB-01/);
    expectSingleProblem((set) => (requirementOf(set, 'OFF-02')['id'] = 'DISC-02'), /\(DISC-02\)\.id: unknown prefix "DISC"/);
  });

  it('refuses an unknown evidence tag', () => {
    expectSingleProblem((set) => (requirementOf(set, 'STMT-07')['evidence'] = ['APPLY', 'P-STATEMENTS']), /\(STMT-07\)\.evidence\[1\]: unknown evidence tag "P-STATEMENTS"/);
  });

  it('refuses an unknown anchor, including a row number §13.4 does not have', () => {
    expectSingleProblem((set) => (requirementOf(set, 'STMT-07')['anchors'] = ['R2', 'R21', '§13.4.7']), /\(STMT-07\)\.anchors\[1\]: unknown reference anchor "R21"/);
    expectSingleProblem((set) => (requirementOf(set, 'STMT-07')['anchors'] = ['R2', '§13.4.11']), /\(STMT-07\)\.anchors\[1\]: unknown reference anchor "§13\.4\.11"/);
  });

  it('refuses an unknown policy id', () => {
    expectSingleProblem((set) => (requirementOf(set, 'STMT-10')['policies'] = ['statement-batch-limt']), /\(STMT-10\)\.policies\[0\]: unknown policy id "statement-batch-limt"/);
  });

  it('refuses an unknown capability', () => {
    expectSingleProblem((set) => (requirementOf(set, 'MAL-03')['capability'] = 'multi-account'), /\(MAL-03\)\.capability: unknown capability "multi-account"/);
  });

  it('refuses an unknown level, flow or origin', () => {
    expectSingleProblem((set) => (requirementOf(set, 'RES-06')['level'] = 'MAY'), /\(RES-06\)\.level: unknown value "MAY" \(allowed: MUST, SHOULD\)/);
    expectSingleProblem((set) => (requirementOf(set, 'RES-06')['flow'] = 'throttling'), /\(RES-06\)\.flow: unknown value "throttling"/);
    expectSingleProblem((set) => (requirementOf(set, 'RES-06')['origin'] = 'folklore'), /\(RES-06\)\.origin: unknown value "folklore"/);
  });

  it('refuses duplicate entries inside a list', () => {
    expectSingleProblem((set) => (requirementOf(set, 'SEC-01')['evidence'] = ['SETUP', 'SETUP']), /\(SEC-01\)\.evidence\[1\]: duplicate "SETUP"/);
  });

  it('refuses an origin that does not cite the part of the reference it claims', () => {
    expectSingleProblem((set) => (requirementOf(set, 'STMT-08')['anchors'] = ['Q15']), /\(STMT-08\)\.anchors: origin "statement-rule" must cite a statement rule/);
    expectSingleProblem((set) => (requirementOf(set, 'ONB-05')['anchors'] = ['§9.1']), /\(ONB-05\)\.anchors: origin "test-plan" must cite a test-plan row/);
  });

  it('refuses a policy-only requirement that names no policy or claims MUST', () => {
    expectSingleProblem((set) => (requirementOf(set, 'SEC-07')['policies'] = []), /\(SEC-07\)\.policies: origin "policy" must name the policy/);
    expectSingleProblem((set) => (requirementOf(set, 'SEC-07')['level'] = 'MUST'), /\(SEC-07\)\.level: origin "policy" rests on no source and must be SHOULD/);
  });

  it('refuses unstable titles and titles used twice', () => {
    expectSingleProblem((set) => (requirementOf(set, 'RES-02')['title'] = 'RES-02 tokens reused'), /\(RES-02\)\.title: contains a requirement id/);
    expectSingleProblem((set) => (requirementOf(set, 'RES-02')['title'] = 'Tokens reused on 127.0.0.1:8080'), /\(RES-02\)\.title: contains a port/);
    expectSingleProblem((set) => (requirementOf(set, 'RES-02')['title'] = 'Tokens reused since 2024-01-31'), /\(RES-02\)\.title: contains a date/);
    expectSingleProblem((set) => (requirementOf(set, 'RES-02')['title'] = 'API key on every Provider API call'), /\(RES-02\)\.title: same title as RES-01/);
  });

  it('refuses a statement, observable or hint that is not one sentence', () => {
    expectSingleProblem((set) => (requirementOf(set, 'OFF-02')['statement'] = 'Stop posting. Also clean up.'), /\(OFF-02\)\.statement: must be one sentence, found a second one/);
    expectSingleProblem((set) => (requirementOf(set, 'OFF-02')['hint'] = 'Stop posting'), /\(OFF-02\)\.hint: must be one sentence ending with a full stop/);
    expectSingleProblem((set) => (requirementOf(set, 'OFF-02')['observable'] = ''), /\(OFF-02\)\.observable: must not be empty/);
  });

  it('refuses a coverage target that is neither cited nor explained', () => {
    expectSingleProblem((set) => set.notCovered.splice(0, 1), /coverage \(R10\): no requirement cites it in anchors and notCovered does not explain it/);
    expectSingleProblem(
      (set) => {
        // ONB-06 is the only requirement citing §13.4.4; as a spec requirement it needs no §13.4 anchor of its own.
        requirementOf(set, 'ONB-06')['anchors'] = ['§9.1'];
        requirementOf(set, 'ONB-06')['origin'] = 'spec';
      },
      /coverage \(§13\.4\.4\): no requirement cites it/,
    );
  });

  it('refuses an anchor listed as not covered that a requirement cites', () => {
    expectSingleProblem((set) => set.notCovered.push({ anchor: 'R1', why: 'Testing.' }), /notCovered \(R1\): listed as not covered but cited by STMT-08/);
  });

  it('refuses a malformed notCovered entry', () => {
    expectSingleProblem((set) => set.notCovered.push({ anchor: 'R99', why: 'Testing.' }), /notCovered\[6\] \(R99\)\.anchor: unknown reference anchor "R99"/);
    expectSingleProblem((set) => set.notCovered.push({ anchor: 'R10', why: 'Again.' }), /notCovered\[6\] \(R10\)\.anchor: "R10" is listed twice/);
    expectSingleProblem((set) => delete set.notCovered[1]?.['why'], /notCovered\[1\] \(§13\.3\.9\)\.why: missing/);
  });

  it('refuses a bad version', () => {
    expectSingleProblem((set) => (set.version = 'v1'), /version: "v1" must look like 1\.0/);
  });

  it('reports every problem of a set at once, one line each', () => {
    const set = realSet();
    requirementOf(set, 'ONB-01')['level'] = 'must';
    requirementOf(set, 'STMT-01')['evidence'] = ['NOPE'];
    requirementOf(set, 'SPEC-08')['policies'] = ['token-encoding'];
    const problems = problemsOf(set);
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/\(ONB-01\)\.level[^\n]*\n[^\n]*\(STMT-01\)\.evidence\[0\][^\n]*\n[^\n]*\(SPEC-08\)\.policies\[0\]/);
  });

  it('refuses something that is not an object at all', () => {
    expect(problemsOf([])).toEqual(['test.json: must be a JSON object, got an array']);
  });
});
