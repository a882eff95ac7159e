import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FLOWS } from '../../suites/requirements/index.ts';
import { FLOW_TITLES, flowTitle } from './flow-titles.ts';

describe('FLOW_TITLES', () => {
  it('names every flow with the title docs/requirements.md uses', () => {
    const page = readFileSync(new URL('../../docs/requirements.md', import.meta.url), 'utf8');
    expect(Object.keys(FLOW_TITLES)).toEqual([...FLOWS]);
    for (const flow of FLOWS) expect(page).toContain(`[${FLOW_TITLES[flow]}](#${flow})`);
  });

  it('falls back to the id for a flow it does not know', () => {
    expect(flowTitle('posting')).toBe('Posting statements');
    expect(flowTitle('unknown-flow')).toBe('unknown-flow');
  });
});
