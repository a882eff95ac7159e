import { describe, expect, it } from 'vitest';
import { requirement, sampleExchange, sampleVerdict } from '../../harness/report/test-support/sample-run.ts';
import { exchangesToAttach, presentVerdict, testTitle } from './verdict-presentation.ts';

describe('presentVerdict', () => {
  it('titles the test "<id> <title>" and labels it for Allure', () => {
    const verdict = sampleVerdict('SYNC-01', 'pass');
    const shown = presentVerdict(verdict, requirement('SYNC-01'));
    expect(shown.title).toBe(`SYNC-01 ${requirement('SYNC-01').title}`);
    expect(shown.title).toBe(testTitle(verdict));
    expect(shown.labels).toEqual(expect.arrayContaining([
      { name: 'epic', value: 'bank-sync' },
      { name: 'feature', value: 'Bank sync' },
      { name: 'story', value: 'SYNC-01' },
      { name: 'severity', value: 'critical' },
      { name: 'verdict', value: 'pass' },
    ]));
    expect(shown.tags).toEqual(['capability:bank-sync', 'policy:banks-body-shape=either']);
    expect(shown.links.map((link) => link.name)).toEqual(['[SYNC] evidence', '[BRUNO] evidence']);
    expect(shown.description).toContain(requirement('SYNC-01').statement);
    expect(shown.description).toContain(`**How to fix:** ${verdict.hint}`);
  });

  it('marks a warning: severity normal for a SHOULD, a warn tag and the sentence first in the description', () => {
    const should = 'SYNC-04';
    const shown = presentVerdict(sampleVerdict(should, 'warn', 'Not quite.'), requirement(should));
    expect(shown.labels).toContainEqual({ name: 'severity', value: 'normal' });
    expect(shown.tags).toContain('warn');
    expect(shown.description.split('\n')[0]).toBe('**Warning — a SHOULD the candidate does not meet:** Not quite.');
  });

  it('keeps every title free of ports, times and uuids, so Allure history lines up run after run', () => {
    const title = presentVerdict(sampleVerdict('ONB-01', 'fail', 'x-000123 at 2025-01-01T00:00:00Z on port 40123'), requirement('ONB-01')).title;
    expect(title).not.toMatch(/\d{4,}|:\d|[0-9a-f]{8}-/);
  });
});

describe('exchangesToAttach', () => {
  it('attaches the exchanges the sentence names, then the first cited, up to the limit', () => {
    const exchanges = Array.from({ length: 20 }, (_, index) => `x-${String(index + 1).padStart(6, '0')}`);
    const chosen = exchangesToAttach({ exchanges, sentence: 'Call x-000017 and x-000019 lacked x-api-key.' }, 4);
    expect([...chosen]).toEqual(['x-000017', 'x-000019', 'x-000001', 'x-000002']);
    expect([...exchangesToAttach({ exchanges: exchanges.slice(0, 3), sentence: 'ok' })]).toEqual(exchanges.slice(0, 3));
    expect(exchangesToAttach({ exchanges: ['x-000001'], sentence: 'x-0000012 is not x-000001x' }).size).toBe(1);
  });
});
