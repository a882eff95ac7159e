import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EVIDENCE_TAGS, isEvidenceTag, unknownEvidenceTagsIn } from './evidence-tags.ts';

const referencePath = fileURLToPath(new URL('../../../shared/reference/sage-banking-service.md', import.meta.url));

describe('evidence tags', () => {
  it('recognises defined tags and refuses others', () => {
    expect(isEvidenceTag('P-STMT')).toBe(true);
    expect(isEvidenceTag('P-STATEMENTS')).toBe(false);
    expect(isEvidenceTag('toString')).toBe(false);
  });

  it('finds unknown tags cited in a text', () => {
    expect(unknownEvidenceTagsIn('Batch limit [P-STMT] [G-POST] and [NOPE].')).toEqual(['NOPE']);
  });

  // The reference is the source of truth; when it sits beside the checkout (developer machines, CI), the
  // frozen copy must list exactly the tags of its §0.1 table.
  it.runIf(existsSync(referencePath))('matches the tag table of the reference', () => {
    const reference = readFileSync(referencePath, 'utf8');
    const table = reference.slice(reference.indexOf('| Tag | Short path |'), reference.indexOf('### 0.2'));
    const tags = [...table.matchAll(/\[([A-Z][A-Z0-9-]*)\]/g)].map((match) => match[1]);
    expect(new Set(tags)).toEqual(new Set(Object.keys(EVIDENCE_TAGS)));
  });
});
