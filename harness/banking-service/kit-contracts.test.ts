import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isEvidenceTag } from '../reference/evidence-tags.ts';
import { isReferenceAnchor } from '../reference/reference-anchors.ts';
import { KIT_CONTRACTS, isKitContractId } from './kit-contracts.ts';

const folder = fileURLToPath(new URL('.', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

describe('kit contracts', () => {
  it('cite only known evidence tags and reference anchors', () => {
    for (const [id, definition] of Object.entries(KIT_CONTRACTS)) {
      expect(definition.evidence.length, id).toBeGreaterThan(0);
      for (const tag of definition.evidence) expect(isEvidenceTag(tag), `${id} cites ${tag}`).toBe(true);
      for (const anchor of definition.settles) expect(isReferenceAnchor(anchor), `${id} settles ${anchor}`).toBe(true);
    }
  });

  it('are frozen', () => {
    expect(Object.isFrozen(KIT_CONTRACTS)).toBe(true);
    expect(Object.isFrozen(KIT_CONTRACTS['KC-01'])).toBe(true);
  });

  it('are each implemented somewhere in the simulator, and every cited id exists', () => {
    const cited = new Set<string>();
    for (const file of sourceFiles(folder)) {
      if (file.endsWith('kit-contracts.ts') || file.endsWith('kit-contracts.test.ts')) continue;
      for (const match of readFileSync(file, 'utf8').matchAll(/\bKC-\d\d\b/g)) cited.add(match[0]);
    }
    for (const id of cited) expect(isKitContractId(id), `${id} is cited but not defined`).toBe(true);
    for (const id of Object.keys(KIT_CONTRACTS)) expect(cited.has(id), `${id} is defined but never cited`).toBe(true);
  });
});
