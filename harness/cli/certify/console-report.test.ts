import { describe, expect, it } from 'vitest';
import { buildSummary } from '../../report/index.ts';
import { sampleSummaryInput, sampleVerdict } from '../../report/test-support/sample-run.ts';
import { FINAL_TABLE_MAX_ROWS, finalTable, progressLine, requirementLine, requirementLines } from './console-report.ts';

describe('console report', () => {
  const summary = buildSummary(sampleSummaryInput());

  it('prefixes progress with the seconds since the start', () => {
    expect(progressLine(2_149, 'flow onboarding: onboarding')).toBe('[  2.1 s] flow onboarding: onboarding');
  });

  it('prints one line per requirement, with the sentence unless it passed, and marks baselined failures', () => {
    const lines = requirementLines(summary);
    expect(lines).toHaveLength(summary.verdicts.length);
    expect(lines[0]).toBe(`  PASS   SYNC-01   ${sampleVerdict('SYNC-01', 'pass').title}`);
    expect(lines.find((line) => line.includes('ONB-02'))).toMatch(/^ {2}FAIL\* {2}ONB-02 .* — A known failure\. \(baselined: fixed in release 4 <soon>\)$/);
    expect(requirementLine(sampleVerdict('STMT-01', 'error', 'No check.'), undefined)).toMatch(/^ {2}ERROR {2}STMT-01 .* — No check\.$/);
  });

  it('closes with the decision, the counts by status and the requirements that did not pass, failures first', () => {
    const lines = finalTable(summary, ['reports/summary.md']);
    expect(lines).toContain(`Result: THE KIT FAILED — ${summary.reason}`);
    expect(lines).toContain('  fail               2');
    expect(lines).toContain('  total              6');
    const listed = lines.slice(lines.indexOf('Not passing (failures first):') + 1).filter((line) => /^ {2}[A-Z]/.test(line)).map((line) => line.trim().split(/\s+/)[1]);
    expect(listed).toEqual(['ONB-01', 'ONB-02', 'STMT-01', expect.stringMatching(/^STMT-/)]);
    expect(lines.at(-1)).toBe('Reports: reports/summary.md');
  });

  it('lists stale baseline entries, and cuts a long list of failures', () => {
    const input = sampleSummaryInput();
    const many = Array.from({ length: FINAL_TABLE_MAX_ROWS + 5 }, () => sampleVerdict('ONB-01', 'fail'));
    const stale = buildSummary({ ...input, run: { ...input.run, verdicts: [sampleVerdict('ONB-02', 'pass'), ...many] } });
    const lines = finalTable(stale, []);
    expect(lines).toContain('  ONB-02 — fixed in release 4 <soon>');
    expect(lines).toContain('  … and 5 more (summary.md lists them all)');
  });
});
