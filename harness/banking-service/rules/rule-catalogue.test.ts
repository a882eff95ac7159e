import { describe, expect, it } from 'vitest';
import { isPolicyId } from '../../policies/index.ts';
import { isEvidenceTag } from '../../reference/evidence-tags.ts';
import { isReferenceAnchor } from '../../reference/reference-anchors.ts';
import { STATEMENT_RULES } from './rule-catalogue.ts';

describe('statement rule catalogue', () => {
  it('has unique kebab-case ids, known evidence, anchors and policies', () => {
    const ids = STATEMENT_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of STATEMENT_RULES) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(rule.evidence.length, rule.id).toBeGreaterThan(0);
      for (const tag of rule.evidence) expect(isEvidenceTag(tag), `${rule.id}: ${tag}`).toBe(true);
      for (const anchor of rule.anchors) expect(isReferenceAnchor(anchor), `${rule.id}: ${anchor}`).toBe(true);
      if (rule.policy) expect(isPolicyId(rule.policy), rule.id).toBe(true);
      expect(rule.phases.length, rule.id).toBeGreaterThan(0);
    }
  });

  it('covers every statement rule of §10 that Banking Service can check on a statement', () => {
    const anchors = new Set(STATEMENT_RULES.flatMap((rule) => rule.anchors));
    for (const anchor of ['R1', 'R2', 'R4', 'R5', 'R7', 'R8', 'R9', 'R11', 'R12', 'R13', 'R16', 'R17', 'R20']) expect(anchors.has(anchor), anchor).toBe(true);
  });

  it('splits the rules between POST and processing as kit contract KC-04 says', () => {
    const atPost = STATEMENT_RULES.filter((rule) => rule.phases.includes('at-post')).map((rule) => rule.id);
    const processing = STATEMENT_RULES.filter((rule) => rule.phases.includes('processing')).map((rule) => rule.id);
    expect(atPost).toEqual([
      'known-bank-account', 'own-bank-account', 'one-account-detail', 'batch-limit', 'matching-bank-account-ids', 'principal-id',
      'expected-totals', 'account-accepts-statements', 'one-statement-in-flight',
    ]);
    expect(processing).toEqual([
      'account-accepts-statements', 'unique-transaction-ids', 'cleared-only', 'not-before-start-date', 'two-week-spread', 'statement-order',
      'amount-sign-matches-type', 'balances-after-transactions',
    ]);
  });
});
