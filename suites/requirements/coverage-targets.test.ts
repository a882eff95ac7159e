import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isReferenceAnchor, STATEMENT_RULES, TEST_PLAN_ROWS } from '../../harness/reference/reference-anchors.ts';
import { COLLECTION_ASSERTIONS, COVERAGE_TARGETS, DERIVED_CHECKS, isUnknownNumberedRow } from './coverage-targets.ts';
import { loadRequirementSet } from './load-requirement-set.ts';

const referencePath = fileURLToPath(new URL('../../../shared/reference/sage-banking-service.md', import.meta.url));
const stripCode = (text: string): string => text.replaceAll('`', '').trim();

describe('coverage targets', () => {
  it('lists every statement rule, test-plan row, collection assertion and derived check', () => {
    expect(COVERAGE_TARGETS).toHaveLength(20 + 5 + 12 + 10);
    expect(COVERAGE_TARGETS).toEqual(expect.arrayContaining([...STATEMENT_RULES, ...TEST_PLAN_ROWS, '§13.3.1', '§13.3.12', '§13.4.1', '§13.4.10']));
    for (const anchor of COVERAGE_TARGETS) expect(isReferenceAnchor(anchor), anchor).toBe(true);
  });

  it('knows which numbered rows exist', () => {
    expect(isUnknownNumberedRow('§13.3.12')).toBe(false);
    expect(isUnknownNumberedRow('§13.3.13')).toBe(true);
    expect(isUnknownNumberedRow('§13.4.0')).toBe(true);
    expect(isUnknownNumberedRow('§13.4')).toBe(false);
    expect(isUnknownNumberedRow('§9.1')).toBe(false);
  });

  // The positional numbering only means something while it matches the reference beside the checkout.
  it.runIf(existsSync(referencePath))('numbers the §13.3 rows and §13.4 bullets exactly as the reference lists them', () => {
    const reference = readFileSync(referencePath, 'utf8');
    const section = (start: string, end: string) => reference.slice(reference.indexOf(start), reference.indexOf(end));

    const table = section('### 13.3', '### 13.4')
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| Flow') && !line.startsWith('|---'))
      .map((line) => line.split('|').slice(1, -1).map(stripCode));
    expect(table.map(([flow, request, assertion]) => ({ flow, request, assertion }))).toEqual(
      COLLECTION_ASSERTIONS.map(({ flow, request, assertion }) => ({ flow, request, assertion })),
    );

    const bullets = section('### 13.4', '## 14.')
      .split('\n')
      .filter((line) => line.startsWith('* '))
      .map((line) => line.slice(2));
    expect(bullets).toHaveLength(DERIVED_CHECKS.length);
    DERIVED_CHECKS.forEach((check, index) => expect(bullets[index]?.startsWith(check.opening), `${check.anchor}: ${bullets[index]}`).toBe(true));
  });
});

describe('coverage of set 1.0', () => {
  const set = loadRequirementSet('1.0');
  const cited = new Map<string, string[]>();
  for (const requirement of set.requirements) {
    for (const anchor of requirement.anchors) cited.set(anchor, [...(cited.get(anchor) ?? []), requirement.id]);
  }
  const explained = new Map(set.notCovered.map((entry) => [entry.anchor, entry.why]));

  it.each([...TEST_PLAN_ROWS])('%s has its own test-plan requirement', (row) => {
    const owners = set.requirements.filter((requirement) => requirement.origin === 'test-plan' && requirement.anchors.includes(row));
    expect(owners, row).toHaveLength(1);
  });

  it.each([...STATEMENT_RULES, ...COLLECTION_ASSERTIONS.map((row) => row.anchor), ...DERIVED_CHECKS.map((check) => check.anchor)])(
    '%s is covered or explained, never both',
    (anchor) => {
      expect(cited.has(anchor) !== explained.has(anchor), `${anchor}: cited by ${cited.get(anchor)?.join(', ') ?? 'none'}, explained: ${explained.has(anchor)}`).toBe(true);
    },
  );

  it('explains the rows it leaves out', () => {
    expect([...explained.keys()].filter((anchor) => COVERAGE_TARGETS.includes(anchor)).sort()).toEqual(['R10', '§13.3.11', '§13.3.12', '§13.3.9']);
  });
});
