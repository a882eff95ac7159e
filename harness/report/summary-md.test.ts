import { describe, expect, it } from 'vitest';
import { buildSummary } from './certification-summary.ts';
import { cell, PR_COMMENT_LIMIT, renderSummaryMarkdown } from './summary-md.ts';
import { sampleContracts, sampleSummaryInput, sampleVerdict } from './test-support/sample-run.ts';

const sectionOf = (markdown: string, title: string): string => {
  const start = markdown.indexOf(`### ${title}`);
  if (start < 0) return '';
  const end = markdown.indexOf('\n### ', start + 4);
  return markdown.slice(start, end < 0 ? undefined : end);
};

describe('renderSummaryMarkdown', () => {
  const markdown = renderSummaryMarkdown(buildSummary(sampleSummaryInput()));

  it('leads with the decision, its reason and the counts', () => {
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('## ⚠️ The kit failed — Banking Service conformance');
    expect(lines[2]).toMatch(/^The kit could not decide 1 requirement/);
    expect(markdown).toContain('| Fail | Error | Warn | Pass | Not applicable | Total |\n|---|---|---|---|---|---|\n| 2 | 1 | 1 | 1 | 1 | 6 |');
  });

  it('lists new failures first with id, title, evidence links, the sentence (escaped) and the fix hint', () => {
    expect(markdown.indexOf('### Failures')).toBeLessThan(markdown.indexOf('### Not decided'));
    const failures = sectionOf(markdown, 'Failures (1)');
    const row = failures.split('\n').find((line) => line.includes('ONB-01')) ?? '';
    expect(row).toContain('**ONB-01** MUST');
    expect(row).toMatch(/\[[A-Z-]+\]\(https:\/\/developer\.sage\.com\//);
    expect(row).toContain('carried no bankAccounts &amp; the account stayed &lt;pending&gt;.');
    expect(row).toContain(cell(sampleVerdict('ONB-01', 'fail').hint));
    expect(failures).not.toContain('ONB-02');
  });

  it('shows baselined failures with their reasons apart from new ones, and the policies in force', () => {
    const baselined = sectionOf(markdown, 'Baselined failures (1)');
    expect(baselined).toContain('**ONB-02**');
    expect(baselined).toContain('fixed in release 4 &lt;soon&gt;');
    expect(markdown).toContain('Overridden by the config: `statement-batch-limit` = `1000`.');
    expect(markdown).toMatch(/<summary>All \d+ policies<\/summary>/);
    expect(markdown).toContain('<summary>Passed (1)</summary>');
  });

  it('lists stale baseline entries', () => {
    const input = sampleSummaryInput();
    const stale = renderSummaryMarkdown(buildSummary({ ...input, run: { ...input.run, verdicts: [sampleVerdict('ONB-02', 'pass')] } }));
    expect(stale.split('\n')[0]).toBe('## ❌ Non-conformant — Banking Service conformance');
    expect(sectionOf(stale, 'Stale baseline entries (1)')).toContain('| **ONB-02** | fixed in release 4 &lt;soon&gt; |');
  });

  it('keeps a table row on one line whatever the sentence holds', () => {
    expect(cell('a | b\nc')).toBe('a \\| b c');
  });

  it('folds the passing list away rather than exceed a pull-request comment', () => {
    const input = sampleSummaryInput();
    const long = 'x'.repeat(2_000);
    const verdicts = Array.from({ length: 40 }, () => sampleVerdict('SYNC-01', 'pass', long));
    const text = renderSummaryMarkdown(buildSummary({ ...input, run: { ...input.run, verdicts } }));
    expect(text.length).toBeLessThanOrEqual(PR_COMMENT_LIMIT);
    expect(text).toContain('The passing and not-applicable lists were left out');
  });
});

describe('renderSummaryMarkdown: the webhook contract', () => {
  const input = sampleSummaryInput();
  const markdown = renderSummaryMarkdown(buildSummary({ ...input, run: { ...input.run, contracts: sampleContracts({ failing: true }) } }));

  it("lists failed interactions in the open with Pact's mismatch text and their requirements, verified ones folded", () => {
    const section = sectionOf(markdown, 'Webhook contract (Pact): 1 of 2 interactions failed');
    expect(section).toContain("| the accounts under a linked account's authorisation | SPEC-03, MAL-01 | `$ -&gt; Expected an array with at least 1 item(s) but got [] &amp; &lt;none&gt;` |");
    expect(markdown).toContain('<summary>Webhook contract (Pact): 1 interaction verified</summary>');
  });

  it('says in one line why the contract was not verified', () => {
    expect(renderSummaryMarkdown(buildSummary(input))).toContain('### Webhook contract (Pact)\n\nThe webhook contract was not part of this run.\n');
  });
});
