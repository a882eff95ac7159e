import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isEvidenceTag } from '../reference/evidence-tags.ts';
import { isReferenceAnchor } from '../reference/reference-anchors.ts';
import { DEFAULT_POLICIES, POLICY_CATALOGUE, POLICY_IDS, PolicyError, policyOverridesOf, renderPolicyPage, resolvePolicies } from './index.ts';

describe('policies', () => {
  it('defaults to each policy default, and every default is allowed', () => {
    for (const id of POLICY_IDS) {
      const allowed: readonly unknown[] = POLICY_CATALOGUE[id].allowed;
      expect(allowed).toContain(DEFAULT_POLICIES[id]);
    }
    expect(resolvePolicies()).toEqual(DEFAULT_POLICIES);
  });

  it('cites only evidence and anchors the reference defines', () => {
    for (const id of POLICY_IDS) {
      for (const tag of POLICY_CATALOGUE[id].evidence) expect(isEvidenceTag(tag), `${id} cites ${tag}`).toBe(true);
      for (const anchor of POLICY_CATALOGUE[id].settles) expect(isReferenceAnchor(anchor), `${id} settles ${anchor}`).toBe(true);
    }
  });

  it('applies an allowed override and reports it', () => {
    const policies = resolvePolicies({ 'statement-batch-limit': 1000 });
    expect(policies['statement-batch-limit']).toBe(1000);
    expect(policyOverridesOf(policies)).toEqual({ 'statement-batch-limit': 1000 });
  });

  it('refuses unknown ids and disallowed values, listing every problem', () => {
    const attempt = () => resolvePolicies({ 'statement-batch-limt': 100, 'debit-sum-sign': 'negativ' });
    expect(attempt).toThrow(PolicyError);
    expect(attempt).toThrow(/policies\.statement-batch-limt: unknown policy[\s\S]*policies\.debit-sum-sign: "negativ" is not one of/);
  });

  it('keeps docs/policies.md equal to the catalogue', () => {
    const page = readFileSync(new URL('../../docs/policies.md', import.meta.url), 'utf8');
    expect(page).toBe(renderPolicyPage());
  });
});
