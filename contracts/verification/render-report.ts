import type { PactVerificationReport } from './interaction-result.ts';

const MAX_MISMATCH_LINES = 6;

/** The report as plain lines for a terminal or a log: one line per interaction, then Pact's mismatches and the kit's reasons. */
export function renderVerificationReport(report: PactVerificationReport): string[] {
  const lines: string[] = [];
  for (const interaction of report.interactions) {
    const mark = interaction.status === 'passed' ? 'PASS' : interaction.status === 'failed' ? 'FAIL' : 'SKIP';
    const ids = interaction.requirementIds.length > 0 ? `  [${interaction.requirementIds.join(', ')}]` : '';
    lines.push(`  ${mark}  ${interaction.description}${ids}`);
    if (interaction.status !== 'failed') continue;
    const mismatches = interaction.mismatches.flatMap((mismatch) => mismatch.split('\n')).map((line) => line.trimEnd()).filter((line) => line.trim() !== '');
    for (const line of mismatches.slice(0, MAX_MISMATCH_LINES)) lines.push(`        mismatch: ${line.trim()}`);
    if (mismatches.length > MAX_MISMATCH_LINES) lines.push(`        … ${mismatches.length - MAX_MISMATCH_LINES} more mismatch line(s) in the JSON report`);
    for (const explanation of interaction.explanations) lines.push(`        why: ${explanation}`);
    for (const problem of interaction.stateProblems) lines.push(`        state not set up: ${problem}`);
    for (const note of interaction.notes) lines.push(`        note: ${note}`);
  }
  return lines;
}
