import { describe, expect, it } from 'vitest';
import { EVIDENCE_TAGS } from '../reference/evidence-tags.ts';
import { evidenceUrl } from './evidence-links.ts';

describe('evidenceUrl', () => {
  it('expands the reference abbreviations into developer.sage.com pages', () => {
    expect(evidenceUrl('P-STMT')).toBe('https://developer.sage.com/banking-service/provider-api/get-started/integrate/endpoints/provider-api/statements');
    expect(evidenceUrl('REQ')).toBe('https://developer.sage.com/banking-service/guides/read/provider-requirements');
    expect(evidenceUrl('INT')).toBe('https://developer.sage.com/banking-service/provider-api/get-started/integrate/');
    expect(evidenceUrl('OLD-API')).toBe('https://developer.sage.com/api/provider/');
    expect(evidenceUrl('BRUNO')).toBe('https://github.com/adelesmith-sage/BankingServicePapi');
    expect(evidenceUrl('NOPE')).toBeUndefined();
  });

  it('gives every tag of the reference an absolute URL with no spaces', () => {
    for (const tag of Object.keys(EVIDENCE_TAGS)) expect(evidenceUrl(tag)).toMatch(/^https:\/\/\S+$/);
  });
});
