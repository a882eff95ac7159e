import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRequirementSet } from './load-requirement-set.ts';
import { renderRequirementsPage } from './render-requirements-page.ts';

describe('renderRequirementsPage', () => {
  const page = renderRequirementsPage();

  it('keeps docs/requirements.md equal to the set', () => {
    const committed = readFileSync(new URL('../../docs/requirements.md', import.meta.url), 'utf8');
    expect(committed).toBe(page);
  });

  it('lists every requirement once under its flow, with level, evidence, policies and capability', () => {
    const set = loadRequirementSet();
    for (const requirement of set.requirements) {
      const heading = `### ${requirement.id} · ${requirement.level} · ${requirement.title}`;
      expect(page.split(heading)).toHaveLength(2);
      const block = page.slice(page.indexOf(heading)).split('\n### ')[0] ?? '';
      expect(block).toContain(requirement.statement);
      for (const tag of requirement.evidence) expect(block).toContain(`[${tag}]`);
      for (const policy of requirement.policies) expect(block).toContain(`(policies.md#${policy})`);
      expect(block).toContain(requirement.capability === undefined ? 'Applies to: every candidate' : `Applies to: \`${requirement.capability}\` only`);
      const flowHeading = page.lastIndexOf('\n## ', page.indexOf(heading));
      expect(page.slice(flowHeading, flowHeading + 5 + requirement.flow.length)).toBe(`\n## ${requirement.flow}\n`);
    }
    expect(page).toContain(set.digest);
  });

  it('lists what is not covered and why', () => {
    for (const entry of loadRequirementSet().notCovered) expect(page).toContain(`- **${entry.anchor}** — ${entry.why}`);
  });
});
