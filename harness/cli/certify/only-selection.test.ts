import { describe, expect, it } from 'vitest';
import type { FlowDriver } from '../../../suites/flows/flow-driver.ts';
import { loadRequirementSet, type Flow } from '../../../suites/requirements/index.ts';
import { selectOnly } from './only-selection.ts';

const set = loadRequirementSet();
const driver = (id: Flow): FlowDriver => ({ id, title: id, run: async () => {} });
const DRIVERS = (['bank-sync', 'onboarding', 'posting', 'multi-account-linking', 'reauthorisation', 'offboarding', 'security', 'resilience'] as const).map(driver);
const select = (values: string[]) => selectOnly(values, set.requirements, DRIVERS, set.version);
const ids = (selection: ReturnType<typeof select>) => selection.drivers.map((entry) => entry.id);

describe('selectOnly', () => {
  it('selects everything when --only is not given', () => {
    const all = select([]);
    expect(all.requirements).toHaveLength(set.requirements.length);
    expect(ids(all)).toHaveLength(DRIVERS.length);
    expect(all.prerequisites).toEqual([]);
  });

  it('judges a flow\'s requirements and drives it with the flows before it, which it builds on', () => {
    const posting = select(['posting']);
    expect(posting.requirements.every((requirement) => requirement.flow === 'posting')).toBe(true);
    expect(posting.requirements.length).toBe(set.requirements.filter((requirement) => requirement.flow === 'posting').length);
    expect(ids(posting)).toEqual(['bank-sync', 'onboarding', 'posting']);
    expect(posting.prerequisites).toEqual(['bank-sync', 'onboarding']);
    expect(ids(select(['bank-sync']))).toEqual(['bank-sync']);
  });

  it('selects a requirement id (case-insensitively) and its flow, and combines values', () => {
    const chosen = select(['onb-02', 'SYNC-01']);
    expect(chosen.requirements.map((requirement) => requirement.id)).toEqual(['SYNC-01', 'ONB-02']);
    expect(ids(chosen)).toEqual(['bank-sync', 'onboarding']);
    expect(chosen.prerequisites).toEqual([]);
  });

  it('drives every flow for spec conformance alone, which judges the exchanges of the flows driven', () => {
    const spec = select(['spec-conformance']);
    expect(spec.requirements.every((requirement) => requirement.flow === 'spec-conformance')).toBe(true);
    expect(ids(spec)).toHaveLength(DRIVERS.length);
  });

  it('names each unknown value in one line, with the ids it may have meant', () => {
    const wrong = select(['onboardng', 'STMT-99', 'posting']);
    expect(wrong.problems).toEqual([
      `certify: --only "onboardng" is neither a flow nor a requirement id of set ${set.version} (flows: bank-sync, onboarding, posting, reauthorisation, multi-account-linking, offboarding, security, resilience, spec-conformance)`,
      `certify: --only "STMT-99" is neither a flow nor a requirement id of set ${set.version} (STMT requirements: STMT-01 to STMT-19)`,
    ]);
  });
});
