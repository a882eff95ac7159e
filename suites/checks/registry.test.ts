import { describe, expect, it } from 'vitest';
import { loadRequirementSet } from '../requirements/index.ts';
import { CHECKS } from './registry.ts';

describe('check registry', () => {
  const ids = loadRequirementSet().requirements.map((requirement) => requirement.id);

  it('decides no requirement the current set does not define', () => {
    expect(Object.keys(CHECKS).filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('has a check for every requirement of the current set', () => {
    expect(ids.filter((id) => CHECKS[id] === undefined)).toEqual([]);
  });
});
