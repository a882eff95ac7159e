import { describe, expect, it } from 'vitest';
import { CAPABILITIES, CAPABILITY_IDS, isCapability, requirementApplies } from './capabilities.ts';
import { loadRequirementSet } from './load-requirement-set.ts';

describe('capabilities', () => {
  it('defines exactly the capabilities candidates can declare, frozen', () => {
    expect([...CAPABILITY_IDS].sort()).toEqual(['account-addition-hook', 'bank-sync', 'clock-control-hook', 'consent-revocation-hook', 'iframe', 'multi-account-linking', 'transaction-push-hook']);
    expect(Object.isFrozen(CAPABILITIES)).toBe(true);
    expect(Object.isFrozen(CAPABILITIES.iframe)).toBe(true);
    expect(Object.isFrozen(CAPABILITY_IDS)).toBe(true);
  });

  it('recognises capability ids and nothing inherited', () => {
    expect(isCapability('bank-sync')).toBe(true);
    expect(isCapability('bank_sync')).toBe(false);
    expect(isCapability('constructor')).toBe(false);
  });

  it('applies a requirement without a capability to everyone and one with a capability only when declared', () => {
    expect(requirementApplies(undefined, [])).toBe(true);
    expect(requirementApplies('iframe', [])).toBe(false);
    expect(requirementApplies('iframe', ['bank-sync', 'iframe'])).toBe(true);
    expect(requirementApplies('multi-account-linking', new Set(['iframe'] as const))).toBe(false);
  });

  it('is used by set 1.0 for every capability, so each one selects something', () => {
    const used = new Set(loadRequirementSet().requirements.map((requirement) => requirement.capability));
    for (const id of CAPABILITY_IDS) expect(used.has(id), id).toBe(true);
  });
});
